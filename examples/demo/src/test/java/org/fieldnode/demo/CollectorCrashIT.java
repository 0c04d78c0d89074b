// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.demo.soak.CollectorProcess;
import org.fieldnode.demo.soak.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut at the collector (issue 20, SECURITY R37): {@code fieldnode collector serve} and a running {@code
 * fieldnode run} node as separate processes on loopback; the collector is killed with SIGKILL (no shutdown hook, so no
 * DTLS state saved) and started again at once on the same address. The node, never restarted, must reach it again by
 * itself: the collector stores new readings from it within 60 s of its restart. Once for a PSK node, once for an
 * enrolled (X.509) node.
 */
class CollectorCrashIT {
    /** The bound: new readings from an already running node within 60 s of the collector's restart. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

    private static final String PROFILE = """
            # one simulated sensor every second, reported at once
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
            report: { batch-readings: 6 }
            """;

    @TempDir
    Path work;

    private CollectorProcess collector;
    private NodeProcess node;

    @AfterEach
    void stopProcesses() throws Exception {
        if (node != null) {
            node.kill();
        }
        if (collector != null) {
            collector.kill();
        }
    }

    @Test
    void pskNode_reachesACollectorRestartedAfterSigkill_within60s() throws Exception {
        collector = new CollectorProcess(work.resolve("collector"), work.resolve("collector.log"));
        node = NodeProcess.withPsk(work.resolve("node"), collector, profile(), Duration.ofSeconds(10));
        collector.start();
        node.start();

        crashAndExpectNewReadings();
    }

    @Test
    void enrolledNode_reachesACollectorRestartedAfterSigkill_within60s() throws Exception {
        collector = new CollectorProcess(work.resolve("collector"), work.resolve("collector.log"));
        Files.createDirectories(collector.data());
        collector.start();
        node = NodeProcess.enrolled(work.resolve("node"), collector, profile(), "weather-07", Duration.ofSeconds(10));
        node.start();

        crashAndExpectNewReadings();
    }

    private void crashAndExpectNewReadings() throws Exception {
        String id = node.nodeId();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (stored(id) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(stored(id))
                .as("readings before the crash; see " + node.log())
                .isGreaterThanOrEqualTo(3);
        long pid = Long.parseLong(node.status().orElseThrow().get("pid"));

        collector.kill();
        long before = stored(id);
        collector.start();
        long restarted = System.nanoTime();
        long until = restarted + RECOVERY_LIMIT.toNanos();
        while (stored(id) <= before && System.nanoTime() < until) {
            Thread.sleep(250);
        }
        long after = stored(id);
        long seconds = Duration.ofNanos(System.nanoTime() - restarted).toSeconds();

        System.out.printf(
                "collector-crash: node=%s stored_before=%d stored_after=%d recovered_s=%d%n",
                id, before, after, seconds);
        assertThat(node.isAlive()).as("the node ran through the crash").isTrue();
        assertThat(node.status().orElseThrow().get("pid")).isEqualTo(Long.toString(pid));
        assertThat(after)
                .as(
                        "readings stored within %d s after the collector's restart (node log %s)",
                        RECOVERY_LIMIT.toSeconds(), node.log())
                .isGreaterThan(before);
    }

    private Path profile() throws IOException {
        return Files.writeString(work.resolve("crash.yaml"), PROFILE);
    }

    /** Readings of {@code device} in the collector's file, read beside the running collector. */
    private long stored(String device) throws Exception {
        Path file = collector.data().resolve(SqliteReadingStore.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        long[] count = {0};
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(file)) {
            store.scan(new ReadingFilter(Optional.of(device), Optional.empty(), Optional.empty()), r -> count[0]++);
        }
        return count[0];
    }
}
