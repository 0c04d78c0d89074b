// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.report.lwm2m.LeshanTestServer.await;
import static org.fieldnode.runtime.report.lwm2m.Lwm2mTesting.SECRET;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.NodeSetup;
import org.fieldnode.runtime.app.NodeStats;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole node ({@code report: { protocol: lwm2m, … }}, simulated BME280, durable queue) against Leshan's server: the
 * server out of reach or restarted while the node samples, and every reading of the backlog arriving, in order, through
 * LwM2M Send (SECURITY R37), twice only for a batch whose answer the outage swallowed.
 */
class Lwm2mNodeIT {
    private static final String ENDPOINT = "weather-1";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BATCH_READINGS = 6;

    @TempDir
    Path dir;

    @Test
    void serverAway_readingsQueue_andTheBacklogArrivesInOrder() throws Exception {
        try (LeshanTestServer server =
                        new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start();
                UdpLink link = new UdpLink(
                        new InetSocketAddress("127.0.0.1", server.uri().getPort()))) {
            Node node = start(URI.create("coaps://127.0.0.1:" + link.port()));
            boolean drained;
            try {
                assertThat(await(() -> server.received().size() >= 3, WAIT)).isTrue();
                String registration =
                        server.registration(ENDPOINT).orElseThrow().getId();
                link.down(true);
                // An answer that crossed the link just before the cut may still be counted: read the count once the
                // node has queued a few samples behind the cut, then check that nothing more is acknowledged.
                assertThat(await(() -> node.stats().queued() >= 6, WAIT)).isTrue();
                long before = node.stats().acknowledged();
                assertThat(await(() -> node.stats().queued() >= 12, WAIT)).isTrue();
                assertThat(node.stats().acknowledged()).isEqualTo(before);
                link.down(false);
                assertThat(await(() -> node.stats().queued() == 0, WAIT)).isTrue();
                // The server kept the node's registration through the outage: the backlog went out on it.
                assertThat(server.registration(ENDPOINT).orElseThrow().getId()).isEqualTo(registration);
            } finally {
                drained = node.stop(WAIT); // not asserted here: a failure above must not be masked by this one
            }
            assertThat(drained).isTrue();
            assertEveryReadingArrivedInOrder(server, node.stats());
            assertThat(server.registration(ENDPOINT)).isEmpty(); // deregistered on stop
        }
    }

    @Test
    void serverRestartedMidRun_nodeRegistersAgain_andEveryReadingArrivesInOrder() throws Exception {
        try (LeshanTestServer server =
                new LeshanTestServer().psk(ENDPOINT, ENDPOINT, SECRET).start()) {
            Node node = start(server.uri());
            boolean drained;
            try {
                assertThat(await(() -> server.received().size() >= 3, WAIT)).isTrue();
                String firstRegistration =
                        server.registration(ENDPOINT).orElseThrow().getId();
                server.stop(); // forgets every registration and DTLS session
                assertThat(await(() -> node.stats().queued() >= 12, WAIT)).isTrue();
                server.start();
                assertThat(await(() -> node.stats().queued() == 0, WAIT)).isTrue();
                assertThat(server.registration(ENDPOINT).orElseThrow().getId()).isNotEqualTo(firstRegistration);
            } finally {
                drained = node.stop(WAIT);
            }
            assertThat(drained).isTrue();
            assertEveryReadingArrivedInOrder(server, node.stats());
        }
    }

    private Node start(URI server) throws Exception {
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile =
                drivers.profileLoader().parse("lwm2m-it.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                report:
                  protocol: lwm2m
                  server: %s
                  endpoint: %s
                  batch-readings: %d
                  drain-gap: 50ms
                  link: { ack-timeout: 500ms, ack-random-factor: 1.0, max-retransmit: 1, handshake-timeout: 500ms }
                """.formatted(server, ENDPOINT, BATCH_READINGS));
        NodeId id = NodeId.random();
        return Node.start(
                new NodeSetup(
                        profile,
                        id,
                        server,
                        new PskCredential(ENDPOINT, SECRET),
                        SenmlFormat.CBOR,
                        Duration.ofMillis(300),
                        Optional.of(dir.resolve("node"))),
                drivers);
    }

    /**
     * Every acknowledged reading arrived, each series in the order it was sampled, and nothing twice but the one batch
     * whose acknowledgement the outage may have swallowed: LwM2M Send carries no sequence number a server could drop
     * a repeat by, so a Send the server took while its answer was lost is sent again (at least once, LWM2M.md).
     */
    private static void assertEveryReadingArrivedInOrder(LeshanTestServer server, NodeStats stats) {
        List<LeshanTestServer.Received> received = server.received();
        assertThat(stats.queued()).isZero();
        assertThat(stats.acknowledged()).isEqualTo(stats.sampled());
        Set<String> seen = new HashSet<>();
        List<LeshanTestServer.Received> repeats = new java.util.ArrayList<>();
        for (LeshanTestServer.Received r : received) {
            if (!seen.add(r.path() + "@" + r.time())) {
                repeats.add(r);
            }
        }
        assertThat(seen).as("every acknowledged reading, once counted").hasSize((int) stats.acknowledged());
        assertThat(repeats)
                .as("repeats: at most the one batch (" + BATCH_READINGS + " readings) sent again after a lost answer")
                .hasSizeLessThanOrEqualTo(BATCH_READINGS);
        for (LwM2mPath path : received.stream()
                .map(LeshanTestServer.Received::path)
                .distinct()
                .toList()) {
            List<java.time.Instant> times = received.stream()
                    .filter(r -> r.path().equals(path))
                    .map(LeshanTestServer.Received::time)
                    .distinct()
                    .toList();
            assertThat(times).as(path.toString()).isSorted();
        }
        assertThat(server.sendErrors()).isEmpty();
    }
}
