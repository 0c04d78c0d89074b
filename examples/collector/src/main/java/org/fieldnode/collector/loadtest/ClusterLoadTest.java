// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fieldnode.collector.ClusterMember;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.security.psk.PskCredential;

/**
 * {@code collector loadtest --members N --store URL}: N collectors in one process, each a member of a DTLS
 * Connection-ID cluster with a connection pool of its own to one PostgreSQL store, behind a {@link UdpSpreader}
 * that spreads the nodes' records over them (most reach a member that does not hold the session and are forwarded
 * inside the cluster), and simulated nodes reporting closed loop (each its next report as soon as the last was
 * answered) for the duration. Measures what the cluster stores per second with every acknowledgement after
 * PostgreSQL's commit.
 */
public final class ClusterLoadTest {
    /**
     * @param members collectors in the cluster
     * @param nodes simulated nodes
     * @param duration how long reports are started
     * @param reports acknowledged reports
     * @param stored readings the store gained
     * @param errors reports that failed
     * @param unanswered reports still without an answer when the run stopped, after its drain (cancelled): a path
     *     through the cluster that loses datagrams shows here, since a node's own timeout is longer than a run
     * @param forwarded datagrams the spreader (the load balancer) sent to a member other than the one whose Connection
     *     ID they carry, which that member had to forward
     */
    public record Result(
            int members,
            int nodes,
            Duration duration,
            long reports,
            long stored,
            long errors,
            long unanswered,
            long forwarded) {
        /** Acknowledged reports per second. */
        public double reportsPerSecond() {
            return reports / (duration.toMillis() / 1000.0);
        }

        /** Nothing failed or went unanswered, and every acknowledged reading is stored. */
        public boolean passed(int readingsPerReport) {
            return errors == 0 && unanswered == 0 && stored >= reports * readingsPerReport;
        }

        public String line() {
            return ("loadtest: members=%d nodes=%d duration_s=%d reports=%d stored=%d errors=%d unanswered=%d"
                            + " req_per_s=%.0f forwarded=%d")
                    .formatted(
                            members,
                            nodes,
                            duration.toSeconds(),
                            reports,
                            stored,
                            errors,
                            unanswered,
                            reportsPerSecond(),
                            forwarded);
        }
    }

    private ClusterLoadTest() {}

    /** Runs the cluster and the nodes for {@code duration}, then stops every part. */
    public static Result run(
            int members,
            PostgresLocation location,
            int nodes,
            Duration duration,
            int readingsPerReport,
            Consumer<String> progress)
            throws IOException, StoreException, InterruptedException {
        if (members < 1 || members > 16) {
            throw new IllegalArgumentException("--members expects 1 to 16, got " + members);
        }
        List<PskCredential> keys = new ArrayList<>(nodes);
        SecureRandom random = new SecureRandom();
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        for (int i = 0; i < nodes; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            PskCredential key = new PskCredential("loadtest-%05d".formatted(i), secret);
            Arrays.fill(secret, (byte) 0);
            keys.add(key);
            directory.add(key);
        }
        List<PostgresReadingStore> stores = new ArrayList<>();
        List<CollectorServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                stores.add(PostgresReadingStore.open(location));
            }
            byte[] secret = new byte[32]; // the members share one process: no CA, a key of their own
            random.nextBytes(secret);
            List<InetSocketAddress> internal = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                internal.add(freeLoopback());
            }
            for (int i = 0; i < members; i++) {
                Map<Integer, InetSocketAddress> peers = new HashMap<>();
                for (int j = 0; j < members; j++) {
                    if (j != i) {
                        peers.put(j, internal.get(j));
                    }
                }
                CollectorServer.Builder builder = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(directory)
                        .store(stores.get(i))
                        .desiredConfigs(stores.get(i).desiredConfigs());
                if (members > 1) {
                    builder.cluster(new ClusterMember(i, internal.get(i), peers, secret));
                }
                CollectorServer server = builder.build();
                servers.add(server);
                server.start();
            }
            Arrays.fill(secret, (byte) 0);
            long before = stores.get(0).count();
            try (UdpSpreader spreader = UdpSpreader.start(
                            servers.stream().map(CollectorServer::address).toList());
                    NodeSwarm swarm = NodeSwarm.start(keys, spreader.address(), readingsPerReport)) {
                progress.accept("loadtest: starting members=" + members + " nodes=" + nodes + " store=" + location.url()
                        + " front=" + spreader.address().getPort());
                long start = System.nanoTime();
                swarm.run(Duration.ofSeconds(Math.min(5, Math.max(1, duration.toSeconds() / 10))));
                Thread.sleep(duration.toMillis());
                NodeSwarm.Counts counts = swarm.stop(Duration.ofSeconds(10));
                Duration ran = Duration.ofNanos(System.nanoTime() - start);
                long stored = stores.get(0).count() - before;
                return new Result(
                        members,
                        nodes,
                        ran,
                        counts.acknowledged(),
                        stored,
                        counts.errors(),
                        counts.inFlight(), // cancelled by the stop: never answered within the drain
                        members > 1 ? spreader.sentElsewhere() : 0); // one member issues no node-id CIDs
            }
        } finally {
            servers.forEach(CollectorServer::close);
            stores.forEach(PostgresReadingStore::close);
        }
    }

    private static InetSocketAddress freeLoopback() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return (InetSocketAddress) probe.getLocalSocketAddress();
        }
    }
}
