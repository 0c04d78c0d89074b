// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node and a collector in one process, over real Scandium DTLS on loopback: the walking skeleton end to end.
 * The node's BME280 is the register-level simulator held at fixed conditions, so values can be checked.
 */
class NodeToCollectorIT {
    private static final Path LOG = Path.of("target/test-logs/fieldnode.log");
    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    private final NodeId nodeId = NodeId.random();
    private final PskCredential psk = new PskCredential(nodeId.value(), randomKey());
    private final InMemoryPskDirectory keys = new InMemoryPskDirectory();
    private CollectorServer collector;
    private URI uri;

    private static byte[] randomKey() {
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        return key;
    }

    @BeforeEach
    void startCollector() {
        keys.add(psk);
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .listener(r -> {})
                .build();
        collector.start();
        InetSocketAddress at = collector.address();
        uri = URI.create("coaps://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/r");
    }

    @AfterEach
    void stopCollector() {
        collector.close();
    }

    private Node startNode(PskCredential credential, SenmlFormat format) throws Exception {
        return startNode(credential, format, "");
    }

    private Node startNode(PskCredential credential, SenmlFormat format, String extraYaml) throws Exception {
        Profile profile = new ProfileLoader(DRIVERS.compatibles()).parse("it.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
                """ + extraYaml);
        SimulatedBme280 chip = new SimulatedBme280(Sleeper.system());
        chip.setConditions(21.5, 55.0, 99_000);
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1));
        buses.addI2cBus("i2c1");
        buses.attach("i2c1", 0x76, chip);
        CoapReporter reporter = new CoapReporter(
                new CoapReporterSettings(uri, nodeId.value(), credential, format, Duration.ofSeconds(5)));
        return Node.start(
                new Node.Parts(
                        nodeId.value(),
                        buses,
                        reporter,
                        new MemoryReadingQueue(10_000),
                        Duration.ofMillis(200),
                        java.util.Optional.empty()),
                profile,
                DRIVERS,
                InstantSource.system(),
                Sleeper.system());
    }

    private void awaitStored(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (collector.store().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private List<String> errorLines() throws java.io.IOException {
        if (!Files.exists(LOG)) {
            return List.of();
        }
        return Files.readAllLines(LOG, StandardCharsets.UTF_8).stream()
                .filter(l -> (l.startsWith("ERROR") || l.startsWith("WARN"))
                        && l.contains(nodeId.value())
                        && l.contains("Cannot deliver"))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void readingsArriveWithNamesUnitsAndValues(SenmlFormat format) throws Exception {
        Instant start = Instant.now();
        Node node = startNode(psk, format);
        awaitStored(6, Duration.ofSeconds(20));
        assertThat(node.stop(Duration.ofSeconds(10))).isTrue();

        List<StoredReading> stored = collector.store().all();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(6);
        assertThat(node.stats().acknowledged()).isEqualTo(stored.size());
        assertThat(node.stats().sampled()).isEqualTo(stored.size());
        assertThat(stored).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo(nodeId.value());
            assertThat(r.time()).isBetween(start.minusSeconds(1), Instant.now());
        });
        Map<String, List<StoredReading>> byName = stored.stream().collect(Collectors.groupingBy(StoredReading::name));
        assertThat(byName).containsOnlyKeys("env0/temperature", "env0/humidity", "env0/pressure");
        assertThat(byName.get("env0/temperature")).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("Cel");
            assertThat(r.value()).isCloseTo(21.5, within(0.011));
        });
        assertThat(byName.get("env0/humidity")).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("%RH");
            assertThat(r.value()).isCloseTo(55.0, within(0.1));
        });
        assertThat(byName.get("env0/pressure")).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("Pa");
            assertThat(r.value()).isCloseTo(99_000, within(2.0));
        });
    }

    @Test
    void healthReports_arriveAsHealthSeries() throws Exception {
        Node node = startNode(psk, SenmlFormat.CBOR, "report: { health-interval: 10s }\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (collector.store().all().stream().noneMatch(r -> r.name().equals("health/profile"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        node.stop(Duration.ofSeconds(5));

        Map<String, StoredReading> health = collector.store().all().stream()
                .filter(r -> r.name().startsWith("health/"))
                .collect(Collectors.toMap(StoredReading::name, r -> r, (a, b) -> b));
        assertThat(health).containsKeys("health/queued", "health/dropped", "health/state", "health/uptime");
        assertThat(health.get("health/state").value()).isZero();
        assertThat(health.get("health/uptime").unit()).isEqualTo("s");
        assertThat(health.get("health/uptime").value()).isBetween(9.0, 30.0);
        // What the node is travels as SenML strings in the same report (issue 15 item 8); no place unless shared.
        assertThat(health.get("health/software").typed())
                .isInstanceOf(org.fieldnode.protocol.senml.SenmlValue.Text.class);
        assertThat(((org.fieldnode.protocol.senml.SenmlValue.Text)
                                health.get("health/profile").typed())
                        .text())
                .matches("[0-9a-f]{12}( .+)?");
        assertThat(health).doesNotContainKey("health/place");
    }

    @Test
    void wrongPsk_storesNothingAndLogsOneClearError() throws Exception {
        PskCredential wrong = new PskCredential(nodeId.value(), randomKey());
        Node node = startNode(wrong, SenmlFormat.CBOR);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (errorLines().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long attemptsAtFirstError = node.stats().attempts();
        // Let the node retry at least once more: the same failure must not be logged again.
        Thread.sleep(7_000);
        node.stop(Duration.ofMillis(500));

        assertThat(collector.store().size()).isZero();
        assertThat(node.stats().acknowledged()).isZero();
        assertThat(node.stats().sampled()).isPositive();
        assertThat(node.stats().attempts()).isGreaterThan(attemptsAtFirstError);
        List<String> errors = errorLines();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0))
                .startsWith("WARN")
                .contains("Cannot deliver readings")
                .contains("pre-shared key");
        assertThat(String.join("\n", Files.readAllLines(LOG)))
                .doesNotContain(java.util.HexFormat.of().formatHex(wrong.secret()));
    }
}
