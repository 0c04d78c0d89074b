// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.demo.soak.LossyUdpProxy;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.QueueSettings;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector out of reach for a while: sampling goes on into the durable queue, and the backlog drains in order. */
class OutageIT {
    @TempDir
    Path dir;

    @Test
    void outage_backlogIsDeliveredInOrderAfterwards() throws Exception {
        DriverRegistry drivers = DriverRegistry.load();
        NodeId id = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential psk = new PskCredential(id.value(), key);
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(psk);
        Profile profile = new ProfileLoader(drivers.compatibles()).parse("it.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                report: { batch-readings: 6 }
                """);
        try (CollectorServer collector = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(keys)
                        .build();
                LossyUdpProxy link = startProxy(collector)) {
            link.setFaults(new LossyUdpProxy.Faults(100, 0, 0)); // the link is down from the start
            SimulatedBusProvider buses = SimulatedBusProvider.populatedWith(
                    SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 3),
                    profile.enabledSensors().stream().map(s -> s.toNode()).toList());
            CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                    URI.create("coaps://127.0.0.1:" + link.address().getPort() + "/r"),
                    id.value(),
                    psk,
                    SenmlFormat.CBOR,
                    Duration.ofSeconds(3),
                    new LinkSettings(Duration.ofMillis(500), 1.5, 2, Duration.ofMillis(500)),
                    Optional.empty()));
            Node node = Node.start(
                    new Node.Parts(
                            id.value(),
                            buses,
                            reporter,
                            DurableReadingQueue.open(QueueSettings.defaults(dir.resolve("queue"))),
                            Duration.ofMillis(300),
                            Optional.empty()),
                    profile,
                    drivers,
                    InstantSource.system(),
                    Sleeper.system());

            Thread.sleep(6_000);
            long queuedDuringOutage = node.stats().queued();
            assertThat(collector.store().size()).isZero();
            link.setFaults(LossyUdpProxy.Faults.none());
            assertThat(node.stop(Duration.ofSeconds(30))).isTrue();

            assertThat(queuedDuringOutage).isGreaterThanOrEqualTo(12);
            List<StoredReading> stored = collector.store().all();
            assertThat(stored).hasSize((int) node.stats().sampled());
            assertThat(stored.stream().map(StoredReading::sequence).sorted().toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, stored.size())
                            .boxed()
                            .toList());
            // In order: a later sequence is never observed before an earlier one.
            List<StoredReading> bySequence = stored.stream()
                    .sorted(java.util.Comparator.comparingLong(StoredReading::sequence))
                    .toList();
            for (int i = 1; i < bySequence.size(); i++) {
                assertThat(bySequence.get(i).time())
                        .isAfterOrEqualTo(bySequence.get(i - 1).time());
            }
        }
    }

    private static LossyUdpProxy startProxy(CollectorServer collector) {
        collector.start();
        return new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 5);
    }
}
