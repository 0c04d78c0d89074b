// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.store.TestReadings.readings;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The locks are as narrow as {@link DurableReadingQueue} documents: an fsync on one side does not hold up the
 * other. On an SD card an fsync can take a hundred milliseconds; the sampler appends, delivery peeks and
 * acknowledges, and the status command reads the counters, each on its own thread. Here an fsync is held up on
 * purpose, on real files, while the other side works; each wait is bounded.
 */
class QueueLockingTest {
    private static final long BOUND_SECONDS = 30;

    @TempDir
    Path dir;

    /** A thread per task: the common pool may have one thread on two cores, and a stalled task would block it. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Holds the next fsync, or the next rename of the metadata file, up until released; once armed. */
    static final class StallingIo extends StorageIo {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean stallForce = new AtomicBoolean();
        final AtomicBoolean stallMetadata = new AtomicBoolean();

        @Override
        void force(FileChannel channel) throws IOException {
            if (stallForce.getAndSet(false)) {
                stall();
            }
            super.force(channel);
        }

        @Override
        void rename(Path source, Path target) throws IOException {
            if (target.getFileName().toString().equals(QueueMetadata.FILE_NAME) && stallMetadata.getAndSet(false)) {
                stall();
            }
            super.rename(source, target);
        }

        private void stall() throws IOException {
            stalled.countDown();
            try {
                if (!release.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the stalled fsync");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    @Test
    void delivery_andCounters_goOnWhileAnAppendsFsyncRuns() throws Exception {
        StallingIo io = new StallingIo();
        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(dir), io, System::nanoTime)) {
            queue.append(readings(0, 5));
            io.stallForce.set(true);
            CompletableFuture<Void> appending = CompletableFuture.runAsync(() -> queue.append(readings(5, 5)), threads);
            assertThat(io.stalled.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

            // The appender is inside its fsync: the synced readings are delivered, the unsynced ones not yet.
            CompletableFuture<Batch> peeked = CompletableFuture.supplyAsync(
                    () -> {
                        Batch batch = queue.peek(100).orElseThrow();
                        queue.acknowledge(
                                new Batch(batch.sequence(), batch.readings().subList(0, 2)));
                        return batch;
                    },
                    threads);
            assertThat(peeked.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo(new Batch(0, readings(0, 5)));
            CompletableFuture<long[]> counters = CompletableFuture.supplyAsync(
                    () -> new long[] {queue.size(), queue.nextSequence(), queue.dropped()}, threads);
            assertThat(counters.get(BOUND_SECONDS, TimeUnit.SECONDS)).containsExactly(8, 10, 0);
            assertThat(appending).isNotDone();

            io.release.countDown();
            appending.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(queue.peek(100)).contains(new Batch(2, readings(2, 8)));
        }
    }

    @Test
    void appends_goOnWhileAnAcknowledgementsMetadataWriteRuns() throws Exception {
        StallingIo io = new StallingIo();
        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(dir), io, System::nanoTime)) {
            queue.append(readings(0, 5));
            io.stallMetadata.set(true);
            Batch batch = queue.peek(5).orElseThrow();
            CompletableFuture<Void> acknowledging = CompletableFuture.runAsync(() -> queue.acknowledge(batch), threads);
            assertThat(io.stalled.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();

            // Delivery is inside the metadata write (the first acknowledgement is persisted at once).
            CompletableFuture<Void> appending = CompletableFuture.runAsync(() -> queue.append(readings(5, 3)), threads);
            appending.get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertThat(queue.size()).isEqualTo(3);
            assertThat(queue.peek(100)).contains(new Batch(5, readings(5, 3)));
            assertThat(acknowledging).isNotDone();

            io.release.countDown();
            acknowledging.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(dir))) {
            assertThat(queue.peek(100)).contains(new Batch(5, readings(5, 3)));
        }
    }
}
