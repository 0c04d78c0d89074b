// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.runtime.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R12 on loopback with a real collector: a node samples and queues readings under its first identity
 * (its collector unreachable, so all of them are still queued), is factory-reset, gets a new bundle and enrols. The
 * collector then stores readings of the new node id only, every one of them sampled after the reset: nothing the old
 * identity sampled leaves the device.
 */
class FactoryResetIT {
    @TempDir
    Path dir;

    @Test
    void resetNode_sendsNothingSampledBeforeTheReset() throws Exception {
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        Path node = dir.resolve("node");
        Path wrapping = dir.resolve("etc/wrapping.key");
        Files.createDirectories(wrapping.getParent());
        try (EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(new InMemoryPskDirectory()))
                        .build();
                // Where the first bundle points: a socket that answers nothing, so every reading stays queued.
                DatagramSocket silent =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            collector.start();
            Path first = issue("weather-07", (InetSocketAddress) silent.getLocalSocketAddress(), collectorData);
            Cli before = runNode(first, node, wrapping, "1s");
            assertThat(before.code()).as("not drained: nothing could be sent").isEqualTo(Main.EXIT_FAILURE);
            assertThat(before.out()).containsPattern("security=\\S+ sampled=[1-9]\\d* .*acknowledged=0 .*queued=[1-9]");
            String oldId = Files.readString(node.resolve("node-id")).strip();
            assertThat(node.resolve("queue")).isNotEmptyDirectory();

            Instant resetAt = Instant.now();
            Cli reset = Cli.run(
                    "identity", "reset", "--yes", "--data-dir", node.toString(), "--wrapping-key", wrapping.toString());
            assertThat(reset.code()).as(reset.err()).isZero();
            assertThat(reset.out()).isEqualTo("identity: reset node=" + oldId + " state=BOOTSTRAP\n");
            for (String gone : List.of(
                    "queue", "node-id", "keystore.bcfks", "bundle-settings", "security", "dtls-session", "status")) {
                assertThat(node.resolve(gone)).as(gone).doesNotExist();
            }
            assertThat(wrapping).doesNotExist();

            Path second = issue("weather-07b", collector.address(), collectorData);
            Cli after = runNode(second, node, wrapping, "5s");

            assertThat(after.code()).as(after.err() + after.out()).isZero();
            assertThat(after.out()).contains("security=OK");
            String newId = Files.readString(node.resolve("node-id")).strip();
            assertThat(newId).isNotEqualTo(oldId);
            List<StoredReading> stored = collector.store().all();
            assertThat(stored).isNotEmpty().extracting(StoredReading::device).containsOnly(newId);
            assertThat(stored)
                    .as("every stored reading was sampled after the reset")
                    .allSatisfy(r -> assertThat(r.time()).isAfterOrEqualTo(resetAt.minusMillis(1)));
            assertThat(stored.stream().mapToLong(StoredReading::sequence).min()).hasValue(0);
        }
    }

    private Path issue(String device, InetSocketAddress at, Path collectorData) {
        Path bundle = dir.resolve(device + ".txt");
        Cli issued = Cli.issueBundle(device, bundle, at, collectorData);
        assertThat(issued.code()).as(issued.err()).isZero();
        return bundle;
    }

    private static Cli runNode(Path bundle, Path node, Path wrapping, String drainTimeout) {
        return Cli.run(
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
                "5s",
                "--drain-timeout",
                drainTimeout);
    }
}
