// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.fieldnode.security.event.SecurityEventFile;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R28, no silent discard, with the real node runtime and a real collector on a real SQLite file over
 * loopback DTLS. A node reports; then a second node with the same identity and key but its own queue (a cloned SD
 * card, a queue restored from an old copy) reports readings under the same sequence numbers with other content.
 * Before the fix the collector acknowledged them as "already stored" and the node dropped them. Now the collector
 * answers 4.09 and stores nothing of them; the node keeps the batch (never dropped, never acknowledged), is DEGRADED
 * with the reason in its status file and its health series, logs it once, and keeps backing off; the collector
 * records an integrity (sequence conflict) event.
 */
class SequenceConflictIT {
    private static final DriverRegistry DRIVERS = DriverRegistry.load();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void otherReadingsUnderStoredSequences_areRefused4_09_keptOnTheNode_andDegradeIt() throws Exception {
        NodeId id = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential psk = new PskCredential(id.value(), key);
        InMemoryPskDirectory nodes = new InMemoryPskDirectory();
        nodes.add(psk);
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        CollectorEvents events = new CollectorEvents(
                SecurityEventFile.in(collectorData).andThen(SecurityEventLog.toLogger()),
                InstantSource.system(),
                () -> true);
        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                CollectorServer collector = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(nodes)
                        .store(store)
                        .events(events)
                        .build()) {
            collector.start();
            URI uri = URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r");

            Node first = node(uri, psk, 21.5, Optional.empty());
            try {
                await(() -> first.stats().acknowledged() >= 6);
            } finally {
                assertThat(first.stop(Duration.ofSeconds(20))).isTrue();
            }
            List<StoredReading> before = store.all();
            assertThat(before).hasSize((int) first.stats().acknowledged());

            // The clone: same identity and key, its own queue numbering from 0, other values.
            Path cloneData = Files.createDirectories(dir.resolve("clone"));
            MemoryReadingQueue cloneQueue = new MemoryReadingQueue(10_000);
            Node clone = node(uri, psk, 30.0, Optional.of(cloneData), cloneQueue);
            try {
                await(() -> status(cloneData).getOrDefault("last_error", "").contains("conflict (4.09)"));
                assertThat(status(cloneData))
                        .containsEntry("state", "DEGRADED")
                        .hasEntrySatisfying(
                                "last_error",
                                e -> assertThat(e).contains("refused batch 0", "as a conflict (4.09)", "stays queued"));
                await(() -> clone.stats().attempts() >= 3);
                // the health series says so too: the next health report (10 s) carries state 1 (degraded)
                await(() -> healthState(cloneQueue).isPresent());
                assertThat(healthState(cloneQueue)).contains(1.0);
            } finally {
                clone.close();
            }

            assertThat(clone.stats().acknowledged()).isZero();
            assertThat(clone.stats().rejected()).as("never dropped").isZero();
            assertThat(cloneQueue.peek(1))
                    .hasValueSatisfying(b -> assertThat(b.sequence()).isZero());
            assertThat(store.all()).as("nothing of the clone was stored").isEqualTo(before);
            assertThat(Files.readString(collectorData.resolve(SecurityEventFile.FILE_NAME)))
                    .contains("node=" + id + " code=FN-SEC-4005 event=sequence_conflict severity=error")
                    .contains("refused 4.09, nothing stored");
        }
    }

    private static Map<String, String> status(Path dataDir) {
        try {
            return StatusFile.read(dataDir).orElse(Map.of());
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    private static Optional<Double> healthState(MemoryReadingQueue queue) {
        Optional<Batch> all = queue.peek(10_000);
        return all.flatMap(b -> b.readings().stream()
                .filter(r -> r.sensorId().equals("health") && r.channel() == Channel.STATE)
                .map(r -> r.value())
                .findFirst());
    }

    private static Node node(URI uri, PskCredential psk, double celsius, Optional<Path> statusDir) throws Exception {
        return node(uri, psk, celsius, statusDir, new MemoryReadingQueue(10_000));
    }

    private static Node node(
            URI uri, PskCredential psk, double celsius, Optional<Path> statusDir, MemoryReadingQueue queue)
            throws Exception {
        Profile profile = new ProfileLoader(DRIVERS.compatibles()).parse("it.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                report: { health-interval: 10s }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                """);
        SimulatedBme280 chip = new SimulatedBme280(Sleeper.system());
        chip.setConditions(celsius, 55.0, 99_000);
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1));
        buses.addI2cBus("i2c1");
        buses.attach("i2c1", 0x76, chip);
        CoapReporter reporter = new CoapReporter(
                new CoapReporterSettings(uri, psk.identity(), psk, SenmlFormat.CBOR, Duration.ofSeconds(5)));
        return Node.start(
                new Node.Parts(psk.identity(), buses, reporter, queue, Duration.ofMillis(200), statusDir),
                profile,
                DRIVERS,
                InstantSource.system(),
                Sleeper.system());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(50);
        }
    }
}
