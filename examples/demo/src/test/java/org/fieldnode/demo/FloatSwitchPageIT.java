// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.web.Dashboard;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlValue;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.runtime.store.MemoryReadingQueue;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's node side end to end: the shipped {@code simulated-float-switch} profile (a float switch held closed,
 * a pump contact held open, both {@code fieldnode,gpio-contact} on simulated GPIO lines) reports over real DTLS to a
 * collector, which stores each state as a SenML boolean, and the collector's page shows them as step charts whose
 * latest state is the switch's. The deadband reports a state on change only, so a held switch is stored once.
 */
class FloatSwitchPageIT {
    private static final DriverRegistry DRIVERS = DriverRegistry.load();

    @Test
    void aFloatSwitchNodesState_showsInThePage() throws Exception {
        NodeId nodeId = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential psk = new PskCredential(nodeId.value(), key);
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(psk))
                .listener(r -> {})
                .build()) {
            collector.start();
            InetSocketAddress at = collector.address();
            URI uri = URI.create("coaps://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/r");

            Profile profile = new ProfileLoader(DRIVERS.compatibles()).load("simulated-float-switch");
            SimulatedBusProvider buses =
                    new SimulatedBusProvider(SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1));
            for (SensorConfig sensor : profile.enabledSensors()) {
                buses.populateDevice(sensor.toNode());
            }
            Node node = Node.start(
                    new Node.Parts(
                            nodeId.value(),
                            buses,
                            new CoapReporter(new CoapReporterSettings(
                                    uri, nodeId.value(), psk, SenmlFormat.CBOR, Duration.ofSeconds(5))),
                            new MemoryReadingQueue(1000),
                            Duration.ofMillis(200),
                            Optional.empty()),
                    profile,
                    DRIVERS,
                    InstantSource.system(),
                    Sleeper.system());
            // The kit reports at once (report.interval 0s); a few sampling rounds of held switches add nothing.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (collector.store().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(3000);
            assertThat(node.stop(Duration.ofSeconds(10))).isTrue();

            assertThat(collector.store().all())
                    .filteredOn(r -> r.name().endsWith("/contact"))
                    .extracting(StoredReading::name, StoredReading::typed)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("tank0/contact", new SenmlValue.Flag(true)),
                            org.assertj.core.groups.Tuple.tuple("pump0/contact", new SenmlValue.Flag(false)));

            try (Dashboard page = Dashboard.start(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                            collector.store(),
                            InstantSource.system());
                    HttpClient http = HttpClient.newHttpClient()) {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                                + page.address().getPort() + "/"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(body)
                        .contains("data-kind=\"step\" data-series=\"tank0/contact\" data-points=\"1\""
                                + " data-latest=\"true\"")
                        .contains("data-kind=\"step\" data-series=\"pump0/contact\" data-points=\"1\""
                                + " data-latest=\"false\"")
                        .contains("tank0/contact: latest true at ");
            }
        }
    }
}
