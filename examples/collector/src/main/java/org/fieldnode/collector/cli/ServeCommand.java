// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.ClusterMember;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.Retention;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.postgresql.ClusterCa;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.collector.web.Dashboard;
import org.fieldnode.security.store.KeystoreException;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector serve}: receives readings over CoAPS into {@code collector.db} until SIGTERM (or
 * Ctrl-C), then stops the endpoints and closes the store cleanly.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Receive readings from nodes over CoAP/DTLS 1.2 and keep them in DIR/collector.db (or, with --store,",
            "in a PostgreSQL database several collectors share; with --cluster-node they form a DTLS CID cluster).",
            "Enrolled nodes authenticate with certificates from the collector's CA (DIR/ca/, created on first",
            "start; enrolment over EST-coaps at /.well-known/est, bundles from 'collector enrolment issue').",
            "(SQLite, created on first start). PSK nodes allowed to report are listed in DIR/psk-directory",
            "(none needed for enrolled nodes; 'collector psk add' writes it), one identity=hexkey line per",
            "node, mode 0600 (refused otherwise); an identity another credential",
            "holds (an enrolled node id, a bundle's device name) is refused with FILE:LINE. Security events",
            "(authentication failures, enrolments, renewals, conflicts, ...) go to DIR/security-events.log.",
            "Once listening, prints one line:",
            "  collector: coaps=ADDR:PORT http=ADDR:PORT|off data=DIR nodes=N devices=N readings=N keep_days=N ca=sha256:HEX",
            "and runs until SIGTERM or Ctrl-C. On SIGTERM it saves the nodes' DTLS sessions (encrypted,",
            "DIR/dtls-state with the key DIR/dtls-state.key) and restores them at the next start, so nodes",
            "go on reporting without a new handshake; after SIGKILL or a power cut it starts as usual, says",
            "once that it recovers from an unclean stop, and each node makes one new handshake by itself.",
            "Nodes that send c=<version> are given their desired",
            "configuration (fieldnode collector config) in the acknowledgement of their next report.",
            "Exit codes: 0 stopped cleanly, 1 failure (e.g. port in use, a CA the cluster refuses), 2 bad option",
            "or PSK directory, or a cluster member without the cluster's DIR/ca/wrapping.key, or one pointed at",
            "an empty store other than the one it served (SCALING.md)."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Duration RETENTION_PERIOD = Duration.ofHours(1);

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = Arguments.DEFAULT_DATA_DIR,
            description = "The data directory, created when missing (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(
            names = "--bind",
            paramLabel = "ADDR:PORT",
            defaultValue = "0.0.0.0:5684",
            description = "UDP address for CoAPS (default: ${DEFAULT-VALUE}, the CoAPS port of RFC 7252 §12.7).")
    private String bind;

    @Option(
            names = "--http",
            paramLabel = "ADDR:PORT",
            description = "Serve a read-only web page (devices and charts) on this loopback address, e.g."
                    + " 127.0.0.1:8080. Off by default; never on a non-loopback address (it has no log-in).")
    private String http;

    @Option(
            names = "--keep-days",
            paramLabel = "DAYS",
            defaultValue = "0",
            description = "Delete readings observed more than DAYS days ago, checked hourly; 0 keeps them forever"
                    + " (default: ${DEFAULT-VALUE}).")
    private int keepDays;

    @Option(
            names = "--server-name",
            paramLabel = "NAME",
            description = "A host name or address nodes use to reach this collector (the host of the bundles'"
                    + " collector URI); repeatable. Goes into the collector's DTLS certificate. Default: the --bind"
                    + " address, or 127.0.0.1 and localhost when it binds every interface.")
    private List<String> serverNames = new ArrayList<>();

    @Option(
            names = "--store",
            paramLabel = "URL",
            description = "Keep readings, desired configurations, the enrolment registry and the CA's encrypted"
                    + " keystore in a PostgreSQL database several collectors share: postgresql://HOST[:PORT]/DATABASE"
                    + " (credentials from --store-credentials or PGUSER/PGPASSWORD, never the URL). Every member but"
                    + " the first needs a copy of the first one's DIR/ca/wrapping.key, which the database never holds."
                    + " Default: SQLite files in DIR.")
    private String storeUrl;

    @Option(
            names = "--store-credentials",
            paramLabel = "FILE",
            description = "A file of mode 0600 with user=NAME and password=SECRET lines for --store.")
    private Path storeCredentials;

    @Option(
            names = "--cluster-node",
            paramLabel = "ID",
            description = "Serve as member ID (0-255) of a DTLS Connection-ID cluster behind one address; needs"
                    + " --store postgresql://..., --cluster-internal and a --cluster-peer per other member.")
    private Integer clusterNode;

    @Option(
            names = "--cluster-internal",
            paramLabel = "ADDR:PORT",
            description = "The cluster's internal address of this member: members forward records to the member"
                    + " holding the session there (plain UDP, each datagram's header MAC'd with the cluster's key:"
                    + " a private network or firewall only between the members, never 0.0.0.0; SCALING.md).")
    private String clusterInternal;

    @Option(
            names = "--cluster-peer",
            paramLabel = "ID=ADDR:PORT",
            description = "Another member's id and internal address; repeatable.")
    private List<String> clusterPeers = new ArrayList<>();

    @Option(
            names = "--sessions-per-credential",
            paramLabel = "N",
            defaultValue = "3",
            description = "DTLS sessions one credential (a PSK identity or a node's certificate) may hold at once; a"
                    + " newer one ends the oldest (default: ${DEFAULT-VALUE}).")
    private int sessionsPerCredential;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return serve();
        } catch (UserError e) {
            err.println("fieldnode collector serve: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            err.println("fieldnode collector serve: failed: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("fieldnode collector serve: failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int serve() throws UserError, IOException, InterruptedException {
        InetSocketAddress coaps = Arguments.address("--bind", bind);
        InetSocketAddress web = http == null ? null : Arguments.address("--http", http);
        if (web != null && !web.getAddress().isLoopbackAddress()) {
            throw new UserError("--http must be a loopback address (the page has no log-in), e.g. 127.0.0.1:8080,"
                    + " got " + http);
        }
        if (keepDays < 0 || keepDays > 36_500) {
            throw new UserError("--keep-days expects 0 (keep forever) to 36500, got " + keepDays);
        }
        if (sessionsPerCredential < 1 || sessionsPerCredential > 100) {
            throw new UserError("--sessions-per-credential expects 1 to 100, got " + sessionsPerCredential);
        }
        requireFree(coaps, web);
        InMemoryPskDirectory nodes = new InMemoryPskDirectory();
        // A collector that serves enrolled nodes only needs no psk-directory (issue 15).
        Path keys = dataDir.resolve(PskDirectoryFile.FILE_NAME);
        try {
            nodes = Files.exists(keys) ? PskDirectoryFile.read(keys) : nodes;
        } catch (PskDirectoryException e) {
            throw new UserError(e.getMessage());
        }
        Files.createDirectories(dataDir);
        try (FileChannel lockFile = FileChannel.open(
                        dataDir.resolve("collector.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new UserError("another collector serves " + dataDir + "; stop it first");
            }
            return serveLocked(coaps, web, nodes);
        }
    }

    /**
     * The addresses are free, or one sentence saying which is taken (issue 15: a port in use was 50 lines of a stack
     * trace that never named the cause). Checked by binding and closing at once; port 0 is always free.
     */
    static void requireFree(InetSocketAddress coaps, InetSocketAddress web) throws UserError {
        if (coaps.getPort() != 0) {
            try (DatagramSocket probe = new DatagramSocket(coaps)) {
                probe.getLocalPort();
            } catch (SocketException e) {
                throw new UserError("UDP port " + coaps.getPort() + " on "
                        + coaps.getAddress().getHostAddress()
                        + " is in use by another program (another collector?); stop it or give --bind HOST:PORT with a"
                        + " free port");
            }
        }
        if (web != null && web.getPort() != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(web);
            } catch (IOException e) {
                throw new UserError(
                        "TCP port " + web.getPort() + " on " + web.getAddress().getHostAddress()
                                + " is in use by another program; stop it or give --http HOST:PORT with a free port");
            }
        }
    }

    private int serveLocked(InetSocketAddress coaps, InetSocketAddress web, InMemoryPskDirectory nodes)
            throws IOException, InterruptedException, UserError {
        restrictDirectory();
        PostgresLocation shared = sharedStore();
        RunningMarker marker = RunningMarker.begin(dataDir, Instant.now());
        PostgresReadingStore sharedStore = null;
        EnrolmentServer enrolment;
        try {
            if (shared == null) {
                enrolment = EnrolmentServer.open(dataDir, serverNames(coaps), InstantSource.system());
            } else {
                sharedStore = PostgresReadingStore.open(shared);
                Optional<String> refused = ClusterCa.joinProblem(sharedStore, dataDir);
                if (refused.isPresent()) {
                    sharedStore.close();
                    marker.end();
                    throw new UserError(refused.get());
                }
                enrolment = EnrolmentServer.open(
                        ClusterCa.open(sharedStore, dataDir, Instant.now()),
                        sharedStore.enrolmentRecords(),
                        dataDir,
                        serverNames(coaps),
                        InstantSource.system());
            }
        } catch (KeystoreException | StoreException e) {
            if (sharedStore != null) {
                sharedStore.close();
            }
            marker.end();
            if (e instanceof StoreException failure) {
                throw failure;
            }
            throw new IOException(e.getMessage());
        }
        try {
            // PSK identities, node ids and device names are one namespace (R8): now that the registry is open.
            Path keys = dataDir.resolve(PskDirectoryFile.FILE_NAME);
            nodes = Files.exists(keys)
                    ? PskDirectoryFile.read(keys, enrolment.namespace()::pskConflict)
                    : new InMemoryPskDirectory();
        } catch (PskDirectoryException e) {
            enrolment.close();
            if (sharedStore != null) {
                sharedStore.close();
            }
            marker.end();
            throw new UserError(e.getMessage());
        }
        ClusterMember member;
        try {
            member = clusterMember(sharedStore);
        } catch (UserError | StoreException e) {
            enrolment.close();
            if (sharedStore != null) {
                sharedStore.close();
            }
            marker.end();
            throw e;
        }
        ReadingStore store;
        DesiredConfigs desiredConfigs;
        DeviceUpdates deviceUpdates;
        if (sharedStore != null) {
            store = sharedStore;
            desiredConfigs = sharedStore.desiredConfigs();
            deviceUpdates = sharedStore.deviceUpdates();
        } else {
            try {
                SqliteReadingStore local = SqliteReadingStore.open(Arguments.database(dataDir));
                store = local;
                desiredConfigs = local.desiredConfigs();
                deviceUpdates = local.deviceUpdates();
            } catch (StoreException e) {
                enrolment.close();
                marker.end();
                throw e;
            }
        }
        CollectorServer server = null;
        Dashboard dashboard = null;
        Retention retention = null;
        try {
            CollectorServer.Builder builder = CollectorServer.builder();
            if (member != null) {
                builder.cluster(member);
            }
            builder.deviceUpdates(deviceUpdates);
            server = enrolment
                    .configure(builder.bind(coaps)
                            .pskDirectory(nodes)
                            .store(store)
                            .desiredConfigs(desiredConfigs)
                            .releases(new org.fieldnode.collector.update.ReleaseStore(dataDir))
                            .sessionsPerCredential(sessionsPerCredential)
                            .sessionState(dataDir))
                    .build();
            server.start();
            if (sharedStore != null) {
                SharedStoreNote.write(dataDir, sharedStore.location(), Optional.ofNullable(storeCredentials));
            }
            EnrolmentFiles.saveCollectorUri(
                    dataDir, serverNames(coaps).get(0), server.address().getPort());
            InMemoryPskDirectory pskNodes = nodes;
            dashboard = web == null
                    ? null
                    : Dashboard.start(
                            web,
                            store,
                            InstantSource.system(),
                            () -> DeviceNames.labels(dataDir, pskNodes.identities()));
            retention = keepDays == 0
                    ? null
                    : Retention.start(store, Duration.ofDays(keepDays), RETENTION_PERIOD, InstantSource.system());
        } catch (UncheckedIOException e) {
            stop(retention, dashboard, server, store);
            enrolment.close();
            marker.end();
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            stop(retention, dashboard, server, store);
            enrolment.close();
            marker.end();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CollectorServer running = server;
        Dashboard page = dashboard;
        Retention cleaner = retention;
        Thread hook = new Thread(
                () -> {
                    Logger.info("Collector stopping (signal)");
                    stop(cleaner, page, running, store);
                    enrolment.close();
                    marker.end();
                    stopped.countDown();
                },
                "collector-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("collector: coaps=" + hostPort(server.address()) + " http="
                + (dashboard == null ? "off" : hostPort(dashboard.address())) + " data=" + dataDir.toAbsolutePath()
                + (sharedStore == null ? "" : " store=" + sharedStore.location().url())
                + (member == null ? "" : " cluster_node=" + member.nodeId())
                + " nodes=" + nodes.size() + " devices=" + store.devices().size() + " readings=" + store.count()
                + " keep_days=" + keepDays + " ca=" + enrolment.ca().fingerprint());
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * This member of a cluster (--cluster-*), or null when not one; the key of its internal port is derived from the
     * cluster's wrapping key in the data directory.
     */
    private ClusterMember clusterMember(PostgresReadingStore shared) throws UserError, StoreException {
        if (clusterNode == null) {
            if (clusterInternal != null || !clusterPeers.isEmpty()) {
                throw new UserError("--cluster-internal and --cluster-peer need --cluster-node ID");
            }
            return null;
        }
        if (shared == null) {
            throw new UserError("a cluster member needs the store the members share: --store postgresql://HOST/DB");
        }
        if (clusterInternal == null) {
            throw new UserError("--cluster-node needs --cluster-internal ADDR:PORT");
        }
        Map<Integer, InetSocketAddress> peers = new HashMap<>();
        for (String peer : clusterPeers) {
            int equals = peer.indexOf('=');
            int id;
            try {
                id = Integer.parseInt(peer.substring(0, Math.max(0, equals)));
            } catch (NumberFormatException e) {
                throw new UserError("--cluster-peer expects ID=ADDR:PORT, got " + peer);
            }
            InetSocketAddress address = Arguments.address("--cluster-peer", peer.substring(equals + 1));
            if (peers.put(id, address) != null) {
                throw new UserError("--cluster-peer " + id + " is given twice; each member once");
            }
        }
        byte[] secret = ClusterCa.clusterSecret(dataDir);
        try {
            return new ClusterMember(
                    clusterNode, Arguments.address("--cluster-internal", clusterInternal), peers, secret);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** The PostgreSQL store of --store, or null for SQLite files in the data directory. */
    private PostgresLocation sharedStore() throws UserError {
        if (storeUrl == null) {
            if (storeCredentials != null) {
                throw new UserError("--store-credentials needs --store postgresql://HOST/DATABASE");
            }
            return null;
        }
        try {
            return PostgresLocation.of(storeUrl, Optional.ofNullable(storeCredentials), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserError("--store: " + e.getMessage());
        }
    }

    /** The names in the server certificate: --server-name, else the bind address, else loopback. */
    private List<String> serverNames(InetSocketAddress coaps) {
        if (!serverNames.isEmpty()) {
            return serverNames;
        }
        if (!coaps.getAddress().isAnyLocalAddress()) {
            return List.of(coaps.getAddress().getHostAddress());
        }
        return List.of("127.0.0.1", "localhost");
    }

    private void restrictDirectory() {
        try {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            Logger.warn("Cannot make {} private to its owner: {}", dataDir, e.getMessage());
        }
    }

    /** In this order: nothing new arrives, then the store is closed (its WAL checkpointed). */
    private static void stop(Retention retention, Dashboard dashboard, CollectorServer server, ReadingStore store) {
        if (retention != null) {
            retention.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (server != null) {
            server.close();
        }
        store.close();
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + ipv6Text(host) + "]" : host) + ":" + address.getPort();
    }

    /**
     * An IPv6 address as RFC 5952 §4 writes it: the longest run of two or more zero groups as {@code ::}, so {@code
     * 0:0:0:0:0:0:0:1} (Java's form) is printed {@code ::1}.
     */
    static String ipv6Text(String full) {
        int percent = full.indexOf('%');
        String scope = percent >= 0 ? full.substring(percent) : "";
        String[] groups = (percent >= 0 ? full.substring(0, percent) : full).split(":", -1);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups) + scope;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }
}
