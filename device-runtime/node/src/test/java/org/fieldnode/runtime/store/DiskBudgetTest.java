// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.store.TestReadings.readings;
import static org.fieldnode.runtime.store.TestReadings.segmentFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk budget: whole oldest segments are dropped, the drops counted, and the count survives restarts. */
class DiskBudgetTest {
    private static final long SEGMENT = QueueSettings.MIN_SEGMENT_BYTES;
    private static final long BUDGET = 3 * SEGMENT;

    @TempDir
    Path dir;

    private QueueSettings settings() {
        return new QueueSettings(dir, BUDGET, FsyncPolicy.PER_BATCH, SEGMENT);
    }

    @Test
    void overBudget_dropsOldestReadings_keepsTheNewest_andStaysWithinBudget() throws Exception {
        int total = 20_000;
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings())) {
            for (int i = 0; i < total; i += 100) {
                queue.append(readings(i, 100));
                assertThat(queue.stats().diskBytes()).isLessThanOrEqualTo(BUDGET);
            }
            long dropped = queue.dropped();
            assertThat(dropped).isPositive();
            assertThat(queue.size() + dropped).isEqualTo(total);
            Batch head = queue.peek(10).orElseThrow();
            assertThat(head.sequence()).isEqualTo(dropped);
            assertThat(head.readings()).isEqualTo(readings(dropped, 10));
            assertThat(segmentFiles(dir).stream()
                            .mapToLong(DiskBudgetTest::size)
                            .sum())
                    .isLessThanOrEqualTo(BUDGET);
        }
    }

    @Test
    void dropCounter_andHead_persistAcrossReopen() throws Exception {
        long dropped;
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings())) {
            for (int i = 0; i < 10_000; i += 100) {
                queue.append(readings(i, 100));
            }
            dropped = queue.dropped();
            assertThat(dropped).isPositive();
        }
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings())) {
            assertThat(queue.dropped()).isEqualTo(dropped);
            assertThat(queue.stats().dropped()).isEqualTo(dropped);
            assertThat(queue.peek(1).orElseThrow().sequence()).isEqualTo(dropped);
            assertThat(queue.nextSequence()).isEqualTo(10_000);
        }
    }

    @Test
    void dropCounter_survivesACrash() throws Exception {
        DurableReadingQueue queue = DurableReadingQueue.open(settings());
        for (int i = 0; i < 10_000; i += 100) {
            queue.append(readings(i, 100));
        }
        long dropped = queue.dropped();
        queue.abandon(); // no close: the counter was persisted before the segments were deleted

        try (DurableReadingQueue reopened = DurableReadingQueue.open(settings())) {
            assertThat(reopened.dropped()).isEqualTo(dropped);
            assertThat(reopened.peek(1).orElseThrow().sequence()).isEqualTo(dropped);
        }
    }

    @Test
    void acknowledgedReadings_areNotCountedAsDropped() throws Exception {
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings())) {
            queue.append(readings(0, 500));
            queue.acknowledge(queue.peek(500).orElseThrow());
            for (int i = 500; i < 2_000; i += 100) {
                queue.append(readings(i, 100));
            }
            assertThat(queue.dropped()).isZero();
            assertThat(queue.stats().segments()).isLessThanOrEqualTo(3);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
