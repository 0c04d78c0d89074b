// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention on a real SQLite file: only readings observed before now minus the kept days go, also when scheduled. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-03-20T00:00:00Z");

    @TempDir
    Path dir;

    private static StoredReading at(Instant time, long sequence) {
        return new StoredReading("n1", "env0/temperature", 20, "Cel", time, sequence);
    }

    @Test
    void runOnce_deletesOnlyReadingsOlderThanTheKeptDays() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.storeNew(
                    "n1",
                    NOW,
                    List.of(
                            at(NOW.minus(Duration.ofDays(30)), 1),
                            at(NOW.minus(Duration.ofDays(7)).minusSeconds(1), 2),
                            at(NOW.minus(Duration.ofDays(7)), 3),
                            at(NOW.minus(Duration.ofDays(1)), 4)));
            try (Retention retention =
                    Retention.start(store, Duration.ofDays(7), Duration.ofDays(365), InstantSource.fixed(NOW))) {
                awaitCount(store, 2); // the run at start
                assertThat(retention.runOnce()).isZero();
            }
            assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(3L, 4L);
        }
    }

    @Test
    void memoryStore_appliesTheSameRule() throws Exception {
        MemoryReadingStore store = new MemoryReadingStore();
        store.storeNew("n1", NOW, List.of(at(NOW.minus(Duration.ofDays(8)), 1), at(NOW, 2)));

        assertThat(store.deleteObservedBefore(NOW.minus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(2L);
        assertThat(store.devices()).extracting(DeviceSummary::device).containsExactly("n1");
    }

    private static void awaitCount(ReadingStore store, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (store.count() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.count()).isEqualTo(expected);
    }
}
