// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small load test end to end (5 nodes, 3 s): real DTLS sessions on loopback, a real SQLite file. Every report the
 * collector acknowledged is in the file, nothing failed, each node made exactly one handshake, and every thread the
 * test started has ended. No timing is asserted.
 */
class LoadTestIT {
    @TempDir
    Path dir;

    @Test
    void fiveNodes_threeSeconds_everyAcknowledgedReportIsStored_noErrors() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<String> progress = new CopyOnWriteArrayList<>();

        LoadTest.Result result = LoadTest.run(
                new LoadTest.Settings(5, Duration.ofSeconds(3), 5, 4, Optional.of(dir), Duration.ofSeconds(1)),
                progress::add);

        assertThat(result.errors()).isZero();
        assertThat(result.reports()).isPositive().isEqualTo(result.sent());
        assertThat(result.stored()).isEqualTo(result.reports());
        assertThat(result.handshakes()).isEqualTo(5);
        assertThat(result.passed()).isTrue();
        assertThat(result.line())
                .matches(
                        "loadtest: nodes=5 handshakes=5 reports=\\d+ stored=\\d+ errors=0 p99_ms=\\d+\\.\\d"
                                + " rss_mb=\\d+ p50_ms=\\d+\\.\\d sent=\\d+ heap_per_node_kib=\\d+ collector_heap_per_node_kib=\\d+");
        assertThat(progress).anyMatch(line -> line.startsWith("loadtest: t=") && line.contains(" in_flight="));
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(dir.resolve(SqliteReadingStore.FILE_NAME))) {
            assertThat(store.count()).isEqualTo(result.reports() * 4);
            assertThat(store.devices()).hasSize(5);
        }
        assertThat(leftThreads(before, Duration.ofSeconds(5))).isEmpty();
    }

    /**
     * Issue 20: the collector crashes (loses its DTLS sessions) and comes back on its port; every node, backing off as
     * a node does and starting a handshake with its retry, is heard again, and the restart line says how many
     * handshakes per second the restarted collector saw. Nothing acknowledged is missing from the store.
     */
    @Test
    void crashedCollector_everyNodeIsHeardAgain_andTheRestartLineCountsItsHandshakes() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();

        LoadTest.Result result = LoadTest.run(
                new LoadTest.Settings(
                        5,
                        Duration.ofSeconds(45),
                        5,
                        4,
                        Optional.of(dir),
                        Duration.ofSeconds(5),
                        Optional.of(new LoadTest.Crash(Duration.ofSeconds(3), Duration.ofSeconds(1)))),
                progress::add);

        LoadTest.Recovery recovery = result.recovery().orElseThrow();
        assertThat(recovery.recovered()).as(String.join("\n", progress)).isEqualTo(5);
        assertThat(recovery.handshakes()).isGreaterThanOrEqualTo(5);
        assertThat(recovery.line())
                .matches("restart: down_s=1 nodes=5 recovered=5 handshakes=\\d+ handshakes_per_s_peak=\\d+"
                        + " handshakes_per_s_mean=\\d+\\.\\d recovered_s=\\d+");
        assertThat(result.stored()).isEqualTo(result.reports());
        assertThat(result.passed()).isTrue();
        assertThat(progress).anyMatch(line -> line.contains("the collector crashed"));
    }

    @Test
    void withoutDataDir_theTemporaryStoreIsDeleted() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before;
        try (var list = Files.list(tmp)) {
            before = list.filter(p -> p.getFileName().toString().startsWith("fieldnode-loadtest"))
                    .collect(Collectors.toSet());
        }

        LoadTest.Result result = LoadTest.run(
                new LoadTest.Settings(1, Duration.ofSeconds(1), 2, 1, Optional.empty(), Duration.ofSeconds(1)),
                line -> {});

        assertThat(result.passed()).isTrue();
        try (var list = Files.list(tmp)) {
            assertThat(list.filter(p -> p.getFileName().toString().startsWith("fieldnode-loadtest")))
                    .allMatch(before::contains);
        }
    }

    private static Set<String> leftThreads(Set<Thread> before, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            Set<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .filter(t -> !before.contains(t))
                    .map(Thread::getName)
                    .filter(name -> !name.equals("Common-Cleaner")
                            && !name.startsWith("InnocuousThread")
                            && !name.startsWith("process reaper")) // the JDK's, kept for the JVM's life
                    .collect(Collectors.toSet());
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(100);
        }
    }
}
