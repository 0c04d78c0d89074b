// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.est.EnrolmentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrator's path through the real command line, on real files and loopback DTLS: {@code collector enrolment
 * issue} writes a bundle; {@code run --bundle} imports it, enrols (BOOTSTRAP → OK) and reports with its certificate;
 * {@code identity show} tells it without a secret; {@code identity reset --yes} erases it back to BOOTSTRAP.
 */
class EnrolledRunIT {
    @TempDir
    Path dir;

    @Test
    void issueRunShowReset() throws Exception {
        Path collectorData = dir.resolve("collector");
        Path node = dir.resolve("node");
        Files.createDirectories(collectorData);
        Path wrapping = node.resolve("wrapping.key");
        try (EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(new InMemoryPskDirectory()))
                        .build()) {
            collector.start();
            Path bundle = dir.resolve("fieldnode-bundle.txt");
            Cli issued = Cli.issueBundle("weather-07", bundle, collector.address(), collectorData);
            assertThat(issued.code()).as(issued.err()).isZero();
            String key = Files.readString(bundle)
                    .lines()
                    .filter(l -> l.startsWith("psk.key="))
                    .findFirst()
                    .orElseThrow();

            Cli run = Cli.run(
                    "run",
                    "--profile",
                    "simulated-weather-station",
                    "--bundle",
                    bundle.toString(),
                    "--data-dir",
                    node.toString(),
                    "--wrapping-key",
                    wrapping.toString(),
                    "--duration",
                    "8s",
                    "--drain-timeout",
                    "5s");

            assertThat(run.code()).as(run.err() + run.out()).isZero();
            assertThat(run.out()).contains("security=OK");
            String nodeId = Files.readString(node.resolve("node-id")).strip();
            assertThat(collector.store().all())
                    .isNotEmpty()
                    .extracting(StoredReading::device)
                    .containsOnly(nodeId);
            assertThat(Files.readString(bundle)).doesNotContain("psk.key=");

            Cli show =
                    Cli.run("identity", "show", "--data-dir", node.toString(), "--wrapping-key", wrapping.toString());
            assertThat(show.code()).isZero();
            assertThat(show.out())
                    .contains("identity: node=" + nodeId + " state=OK subject=CN=" + nodeId)
                    .contains("ca=" + enrolment.ca().fingerprint())
                    .contains("enrolment_credential=absent")
                    .doesNotContain(key.substring("psk.key=".length()))
                    .doesNotContain("PRIVATE");

            assertThat(Cli.run(
                                    "identity",
                                    "reset",
                                    "--data-dir",
                                    node.toString(),
                                    "--wrapping-key",
                                    wrapping.toString())
                            .code())
                    .isEqualTo(2);
            Cli reset = Cli.run(
                    "identity", "reset", "--yes", "--data-dir", node.toString(), "--wrapping-key", wrapping.toString());
            assertThat(reset.code()).as(reset.err()).isZero();
            assertThat(reset.out()).isEqualTo("identity: reset node=" + nodeId + " state=BOOTSTRAP\n");
            assertThat(wrapping).doesNotExist();
            assertThat(node.resolve("keystore.bcfks")).doesNotExist();
            assertThat(node.resolve("node-id")).doesNotExist();
            Cli after =
                    Cli.run("identity", "show", "--data-dir", node.toString(), "--wrapping-key", wrapping.toString());
            assertThat(after.out()).contains("state=BOOTSTRAP");
        }
    }
}
