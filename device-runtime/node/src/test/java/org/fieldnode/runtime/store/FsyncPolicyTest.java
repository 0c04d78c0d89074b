// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.runtime.store.TestReadings.readings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fsync policy costs exactly the fsyncs it promises; the acknowledged head is persisted at most 1/s. */
class FsyncPolicyTest {
    @TempDir
    Path dir;

    private final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);

    private DurableReadingQueue open(FsyncPolicy policy) throws Exception {
        return DurableReadingQueue.open(QueueSettings.defaults(dir).withFsync(policy), new StorageIo(), ticker::get);
    }

    @Test
    void perRecord_syncsEveryReading() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.PER_RECORD)) {
            long before = queue.stats().fsyncs();
            queue.append(readings(0, 10));
            assertThat(queue.stats().fsyncs() - before).isEqualTo(10);
        }
    }

    @Test
    void perBatch_syncsEachAppendOnce() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.PER_BATCH)) {
            long before = queue.stats().fsyncs();
            queue.append(readings(0, 10));
            queue.append(readings(10, 200)); // several records, one fsync
            assertThat(queue.stats().fsyncs() - before).isEqualTo(2);
        }
    }

    @Test
    void interval_defersTheSync_andHidesUnsyncedReadingsFromDelivery() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.interval(Duration.ofHours(1)))) {
            long before = queue.stats().fsyncs();
            queue.append(readings(0, 10));
            queue.append(readings(10, 10));

            assertThat(queue.stats().fsyncs() - before).isZero();
            assertThat(queue.size()).isEqualTo(20);
            assertThat(queue.peek(100)).isEmpty();
            assertThat(queue.awaitReadings(Duration.ZERO)).isFalse();

            queue.flush();
            assertThat(queue.stats().fsyncs() - before).isOne();
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 20)));
        }
    }

    @Test
    void interval_backgroundFlush_makesReadingsDeliverable() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.interval(Duration.ofSeconds(1)))) {
            long before = queue.stats().fsyncs();
            queue.append(readings(0, 4));
            queue.append(readings(4, 4));

            assertThat(queue.awaitReadings(Duration.ofSeconds(30))).isTrue();
            assertThat(queue.stats().fsyncs() - before).isOne();
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 8)));
        }
    }

    @Test
    void interval_closeSyncsWhatIsPending() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.interval(Duration.ofHours(1)))) {
            queue.append(readings(0, 5));
        }
        try (DurableReadingQueue queue = open(FsyncPolicy.PER_BATCH)) {
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 5)));
        }
    }

    @Test
    void acknowledgedHead_isPersistedAtMostOncePerSecond_andOnClose() throws Exception {
        DurableReadingQueue queue = open(FsyncPolicy.PER_BATCH);
        queue.append(readings(0, 10));
        long before = queue.stats().fsyncs();

        queue.acknowledge(new Batch(0, readings(0, 1))); // written now: temp fsync + directory fsync
        long afterFirst = queue.stats().fsyncs();
        queue.acknowledge(new Batch(1, readings(1, 1))); // within the second: deferred
        queue.acknowledge(new Batch(2, readings(2, 1)));
        assertThat(afterFirst - before).isEqualTo(2);
        assertThat(queue.stats().fsyncs()).isEqualTo(afterFirst);

        ticker.addAndGet(TimeUnit.SECONDS.toNanos(1));
        queue.acknowledge(new Batch(3, readings(3, 1))); // a second later: written now
        assertThat(queue.stats().fsyncs() - afterFirst).isEqualTo(2);

        queue.acknowledge(new Batch(4, readings(4, 1)));
        queue.close(); // the deferred head is written on close
        try (DurableReadingQueue reopened = open(FsyncPolicy.PER_BATCH)) {
            assertThat(reopened.peek(1).orElseThrow().sequence()).isEqualTo(5);
        }
    }

    @Test
    void deferredHead_isWrittenByTheBackgroundThread() throws Exception {
        try (DurableReadingQueue queue = open(FsyncPolicy.PER_BATCH)) {
            queue.append(readings(0, 10));
            queue.acknowledge(new Batch(0, readings(0, 1)));
            long afterFirst = queue.stats().fsyncs();
            queue.acknowledge(new Batch(1, readings(1, 1)));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // a metadata write is two fsyncs (the file, then its directory): wait for both, not the first
            while (queue.stats().fsyncs() < afterFirst + 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(queue.stats().fsyncs() - afterFirst).isEqualTo(2);
            queue.abandon(); // like a crash: only what was persisted counts
        }
        try (DurableReadingQueue reopened = open(FsyncPolicy.PER_BATCH)) {
            assertThat(reopened.peek(1).orElseThrow().sequence()).isEqualTo(2);
        }
    }

    @Test
    void intervalOutsideItsRange_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> FsyncPolicy.interval(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue.fsync-interval: must be between 1s and 1h, got 10 ms");
    }
}
