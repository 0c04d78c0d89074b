// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.NodeStats;
import org.fieldnode.runtime.config.Lwm2mConfig;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.enrol.SecurityState;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeIdFile;
import org.fieldnode.security.store.WrappingKeyFile;
import org.tinylog.Logger;

/**
 * The demo's run: a collector with its CA and a node in one process, on loopback. The collector issues a
 * provisioning bundle; the node imports it, starts in BOOTSTRAP, enrols over EST-coaps (RFC 9148) with the bundle's
 * one-time PSK, then reports with its certificate over DTLS 1.2 with mutual X.509 authentication.
 *
 * <p><b>Files</b>, in {@code --data-dir DIR} (kept) or a temporary directory (deleted at the end):
 *
 * <pre>
 * collector/collector.db      the collector's SQLite store of readings
 * collector/enrolment.db      the CA's registry: credentials, enrolled nodes
 * collector/ca/               the CA keystore and its wrapping key (CollectorCa)
 * node/keystore.bcfks         the node's keystore: key pair, certificate, trust anchor (mode 0600)
 * node/wrapping.key           the node keystore's wrapping key (a root-only file on a real node)
 * node/node-id, security, …   the node's id and security state (EnrolledNode)
 * </pre>
 */
public final class Demo {
    public static final String PROFILE = "simulated-weather-station";
    /** The device name of the demo's bundle. */
    static final String DEVICE = "demo-node";

    private static final Duration DRAIN = Duration.ofSeconds(15);
    private static final Duration ENROLMENT_TIMEOUT = Duration.ofSeconds(30);

    private final String profileName;
    private final SenmlFormat format;
    private final Duration duration;
    private final PrintWriter out;
    private final Optional<Path> dataDir;
    private final Protocol protocol;

    /** Where the enrolled node reports. */
    public enum Protocol {
        /** To the collector, over CoAP/DTLS (the default). */
        COAP,
        /** To Eclipse Leshan's LwM2M server in process, through LwM2M 1.1 Send, with the same enrolled identity. */
        LWM2M
    }

    public Demo(String profileName, SenmlFormat format, Duration duration, PrintWriter out) {
        this(profileName, format, duration, out, Optional.empty());
    }

    /** @param dataDir where to keep the collector's and the node's files; empty for a deleted temporary directory */
    public Demo(String profileName, SenmlFormat format, Duration duration, PrintWriter out, Optional<Path> dataDir) {
        this(profileName, format, duration, out, dataDir, Protocol.COAP);
    }

    /** @param protocol where the node reports once enrolled: the collector, or an in-process LwM2M server */
    public Demo(
            String profileName,
            SenmlFormat format,
            Duration duration,
            PrintWriter out,
            Optional<Path> dataDir,
            Protocol protocol) {
        this.profileName = profileName;
        this.format = format;
        this.duration = duration;
        this.out = out;
        this.dataDir = dataDir;
        this.protocol = protocol;
    }

    /** The demo's counters. {@code stored} is what the collector kept in this run; {@code enrolled} whether the node got OK. */
    public record Result(NodeStats node, int stored, boolean enrolled) {
        public Result(NodeStats node, int stored) {
            this(node, stored, true);
        }

        public String summary() {
            return "demo: sampled=%d sent=%d acknowledged=%d stored=%d"
                    .formatted(node.sampled(), node.sent(), node.acknowledged(), stored);
        }

        /** The node enrolled, readings arrived, and the collector kept exactly what it acknowledged. */
        public boolean consistent() {
            return enrolled && stored > 0 && node.acknowledged() == stored;
        }
    }

    /**
     * Runs the demo.
     *
     * @throws IOException when the data directory or the collector's files cannot be made
     */
    public Result run() throws ProfileException, InterruptedException, IOException {
        Path dir = dataDir.isPresent()
                ? Files.createDirectories(dataDir.get())
                : Files.createTempDirectory("fieldnode-demo");
        try {
            return run(dir);
        } finally {
            if (dataDir.isEmpty()) {
                deleteTree(dir);
            }
        }
    }

    private Result run(Path dir) throws ProfileException, InterruptedException, IOException {
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = drivers.profileLoader().load(profileName);
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        Path nodeData = Files.createDirectories(dir.resolve("node"));
        restrict(nodeData);
        NodeId nodeId = NodeIdFile.loadOrCreate(nodeData.resolve("node-id"));
        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(new InMemoryPskDirectory())
                                .store(store)
                                .listener(this::print))
                        .build()) {
            collector.start();
            int storedBefore = collector.store().size(); // a kept --data-dir holds earlier runs' readings
            InetSocketAddress at = collector.address();
            String host = at.getAddress().getHostAddress();
            URI uri = URI.create("coaps://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort());
            Path bundle = nodeData.resolve(BundleFormat.FILE_NAME);
            Files.deleteIfExists(bundle); // a kept directory: issue afresh, the old one was used
            // The demo's collector is on loopback by design: the one case a loopback bundle is right.
            enrolment
                    .bundles()
                    .issue(ProvisioningBundles.Request.of(DEVICE, uri).allowingLoopback(), bundle, Instant.now());
            Optional<Lwm2mDemoServer> lwm2m = Optional.empty();
            if (protocol == Protocol.LWM2M) {
                // The enrolled node reports to an LwM2M server with the identity the collector's CA issued: the
                // server has the collector's certificate for 127.0.0.1 and trusts that CA (no second identity).
                lwm2m = Optional.of(Lwm2mDemoServer.withCertificate(
                        nodeId.value(),
                        enrolment.serverKey(),
                        enrolment.serverChain(),
                        enrolment.ca().certificate(),
                        this::print));
                profile = profile.withReport(profile.report()
                        .withLwm2m(new Lwm2mConfig(
                                lwm2m.get().uri(), Optional.empty(), Lwm2mConfig.DEFAULT_LIFETIME, false)));
                Logger.info("LwM2M server at {}", lwm2m.get().uri());
            }
            Logger.info("Collector at {}, node {} sampling for {}", uri, nodeId, duration);
            try {
                return runNode(profile, drivers, nodeId, nodeData, bundle, enrolment, lwm2m, collector, storedBefore);
            } finally {
                lwm2m.ifPresent(Lwm2mDemoServer::close);
            }
        } catch (StoreException | KeystoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Starts the node in BOOTSTRAP with the bundle, lets it enrol and report for the demo's duration, stops it. */
    private Result runNode(
            Profile profile,
            DriverRegistry drivers,
            NodeId nodeId,
            Path nodeData,
            Path bundle,
            EnrolmentServer enrolment,
            Optional<Lwm2mDemoServer> lwm2m,
            CollectorServer collector,
            int storedBefore)
            throws ProfileException, InterruptedException, IOException, StoreException {
        long started = System.nanoTime();
        EnrolledNode node;
        try {
            node = EnrolledNode.start(
                    new EnrolledNode.Setup(
                            profile,
                            nodeId,
                            nodeData,
                            new WrappingKeyFile(nodeData.resolve("wrapping.key")),
                            Optional.of(bundle),
                            Optional.empty(),
                            format,
                            Duration.ofMillis(500)),
                    drivers);
        } catch (EnrolledNode.SetupException e) {
            throw new IOException(e.getMessage());
        }
        boolean enrolled;
        try {
            enrolled =
                    awaitOk(node, started) && enrolment.registry().node(nodeId).isPresent();
            printEnrolment(node, nodeId, nodeData, enrolment, enrolled, started);
            long left = duration.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (enrolled && left > 0) {
                Thread.sleep(left);
            }
        } finally {
            if (!node.stop(DRAIN)) {
                Logger.warn("Demo: not every reading was delivered within {} s of stopping", DRAIN.toSeconds());
            }
        }
        int stored =
                lwm2m.isPresent() ? lwm2m.get().received() : collector.store().size() - storedBefore;
        return new Result(node.node().stats(), stored, enrolled);
    }

    private static boolean awaitOk(EnrolledNode node, long started) throws InterruptedException {
        while (node.state().phase() != SecurityState.Phase.OK) {
            if (System.nanoTime() - started > ENROLMENT_TIMEOUT.toNanos()) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * {@code enrolment: node=ID state=OK certificate=CN=ID ca=sha256:HEX in_ms=N}: the node's state and the subject
     * of the certificate it holds (from its security file), the CA it pinned, and the time from start to OK.
     */
    private void printEnrolment(
            EnrolledNode node,
            NodeId nodeId,
            Path nodeData,
            EnrolmentServer enrolment,
            boolean enrolled,
            long started) {
        long inMs = (System.nanoTime() - started) / 1_000_000;
        String subject = enrolled ? securityValue(nodeData, "subject").orElse("CN=" + nodeId) : "-";
        synchronized (out) {
            out.println("enrolment: node=" + nodeId + " state=" + node.state() + " certificate=" + subject + " ca="
                    + enrolment.ca().fingerprint() + " in_ms=" + inMs);
            out.flush();
        }
    }

    private static Optional<String> securityValue(Path nodeData, String key) {
        // EnrolledNode rewrites the file after every enrolment step; OK may be seen a moment before it is written.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Optional<String> value =
                        Files.readAllLines(nodeData.resolve(EnrolledNode.SECURITY_STATE), StandardCharsets.UTF_8)
                                .stream()
                                .filter(l -> l.startsWith(key + "="))
                                .map(l -> l.substring(key.length() + 1))
                                .findFirst();
                if (value.isPresent()) {
                    return value;
                }
            } catch (IOException e) {
                // not yet written
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    private void print(Lwm2mDemoServer.Value v) {
        synchronized (out) {
            out.printf("reading device=%s path=%s value=%s time=%s%n", v.endpoint(), v.path(), v.value(), v.time());
            out.flush();
        }
    }

    private void print(StoredReading r) {
        synchronized (out) {
            out.printf(
                    "reading device=%s name=%s value=%s unit=%s time=%s%n",
                    r.device(), r.name(), r.value(), r.unit(), r.time());
            out.flush();
        }
    }

    private static void restrict(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            Logger.debug("Cannot make {} private: {}", dir, e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Logger.warn("Demo: cannot delete its temporary directory {}: {}", dir, e.getMessage());
        }
    }
}
