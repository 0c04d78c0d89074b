// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.app.Node;
import org.fieldnode.runtime.app.NodeSetup;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.runtime.cli.Main;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.DegradedReason;
import org.fieldnode.security.event.SecurityEventFile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.WrappingKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SECURITY R8, the impersonation of issue 13 as the README's pilot would run it, on loopback with real Scandium DTLS,
 * a real SQLite store and the real node runtime: the collector serves a PSK node listed in its PSK directory and
 * issues an ordinary bundle by device name; a node started with that bundle and the PSK node's id in its data
 * directory asks for a certificate in the PSK node's name. Before the fix it got one, and its readings were stored
 * as the PSK node's while the real node's batches were acknowledged and thrown away. Now it is refused with one
 * sentence (DEGRADED(bundle-refused), shown by {@code fieldnode status}), the collector records an identity-conflict
 * event, and every reading of the real PSK node is stored, each once, under its name.
 */
class ImpersonationIT {
    private static final DriverRegistry DRIVERS = DriverRegistry.load();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aBundleHolderAskingForAPskNodesId_isRefused_andEveryReadingOfThePskNodeIsStored() throws Exception {
        Profile profile = new ProfileLoader(DRIVERS.compatibles()).load("simulated-weather-station");
        NodeId victim = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential victimKey = new PskCredential(victim.value(), key);
        InMemoryPskDirectory pskNodes = new InMemoryPskDirectory();
        pskNodes.add(victimKey);
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        try (SqliteReadingStore store = SqliteReadingStore.open(collectorData.resolve(SqliteReadingStore.FILE_NAME));
                EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(pskNodes)
                                .store(store))
                        .build()) {
            collector.start();
            URI base = URI.create("coaps://127.0.0.1:" + collector.address().getPort());

            // The impostor: an ordinary bundle issued by name, and the PSK node's id in its data directory.
            Path impostorData = Files.createDirectories(dir.resolve("impostor"));
            Files.writeString(impostorData.resolve("node-id"), victim.value() + "\n");
            Path bundle = impostorData.resolve(BundleFormat.FILE_NAME);
            BundleSettings issued = enrolment
                    .bundles()
                    .issue(
                            ProvisioningBundles.Request.of("weather-07", base).allowingLoopback(),
                            bundle,
                            Instant.now());
            EnrolledNode impostor = EnrolledNode.start(
                    new EnrolledNode.Setup(
                            profile,
                            victim,
                            impostorData,
                            new WrappingKeyFile(impostorData.resolve("wrapping.key")),
                            Optional.of(bundle),
                            Optional.empty(),
                            SenmlFormat.CBOR,
                            Duration.ofMillis(500)),
                    DRIVERS);
            try {
                await(() -> impostor.state().reasons().contains(DegradedReason.BUNDLE_REFUSED));
            } finally {
                impostor.stop(Duration.ofSeconds(1));
            }

            assertThat(impostor.state()).hasToString("DEGRADED(bundle-refused)");
            assertThat(impostor.node().stats().acknowledged()).isZero();
            assertThat(enrolment.registry().node(victim)).isEmpty();
            assertThat(enrolment
                            .registry()
                            .credential(issued.pskIdentity())
                            .orElseThrow()
                            .state())
                    .as("a refused request does not spend the bundle")
                    .isEqualTo("unused");
            assertThat(Files.readString(collectorData.resolve(SecurityEventFile.FILE_NAME)))
                    .contains("node=" + victim + " code=FN-SEC-3002 event=identity_conflict severity=warning")
                    .contains("the bundle of device weather-07");
            String status = cli("status", "--data-dir", impostorData.toString());
            assertThat(status).contains("identity     DEGRADED(bundle-refused)");

            // The real PSK node reports, and every reading it took is stored once, under its name.
            Path victimData = Files.createDirectories(dir.resolve("victim"));
            Node real = Node.start(
                    new NodeSetup(
                            profile,
                            victim,
                            base.resolve("/r"),
                            victimKey,
                            SenmlFormat.CBOR,
                            Duration.ofMillis(500),
                            Optional.of(victimData)),
                    DRIVERS);
            try {
                await(() -> real.stats().acknowledged() >= 12);
            } finally {
                assertThat(real.stop(Duration.ofSeconds(20))).isTrue();
            }
            Map<String, String> finalStatus = StatusFile.read(victimData).orElseThrow();
            long queued = Long.parseLong(finalStatus.get("next_sequence"));
            List<StoredReading> stored = store.all();
            assertThat(stored).allSatisfy(r -> assertThat(r.device()).isEqualTo(victim.value()));
            assertThat(stored)
                    .extracting(StoredReading::sequence)
                    .doesNotHaveDuplicates()
                    .hasSize((int) queued)
                    .allSatisfy(s -> assertThat(s).isBetween(0L, queued - 1));
            assertThat(real.stats().acknowledged()).isEqualTo(queued);
            assertThat(finalStatus.get("state")).isEqualTo("OK");
        }
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

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute(args);
        return out.toString();
    }
}
