// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fieldnode.benchmarks.jmh.BenchmarkFiles;
import org.fieldnode.benchmarks.jmh.HourlyBatch;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The node's {@link DurableReadingQueue} on real files with real fsync ({@code fdatasync}), in a fresh directory
 * under {@link BenchmarkFiles#root()} per trial, with the product's default budget and segment size:
 *
 * <ul>
 *   <li>{@code appendCycle}, under each fsync policy ({@code fsync}): one sampling cycle of 4 readings appended.
 *       {@code per-record}: 4 records, 4 fsyncs; {@code per-batch} (the default): one record, one fsync;
 *       {@code interval-60s}: one record written to the page cache and synced later on the queue's own thread
 *       (no sync falls inside a short measurement).
 *   <li>{@code peekAcknowledge}: what the delivery loop does with an acknowledged hourly batch: peek 48 synced
 *       readings (read back and CRC-checked) and acknowledge them. The fsync policy matters to delivery only
 *       through the records it lays down ({@code layout}): one per reading under {@code per-record}, one per
 *       append (here a sampling cycle of 4) under {@code per-batch} and {@code interval}. Before each call, outside
 *       the measurement, the hour's 12 cycles are appended in that layout and synced once (per-record appends would cost 48
 *       fsyncs per call and leave a handful of calls per iteration). The queue persists the acknowledged head at
 *       most once a second; its clock here moves an hour per reading of it, so every acknowledgement writes the
 *       metadata (temporary file, fsync, rename), as on a node whose acknowledgements are an hour apart. At the
 *       benchmark's rate on the real clock that write would be amortised over a varying number of calls.
 * </ul>
 *
 * <p>fsync on tmpfs costs next to nothing; on a disk or SD card it dominates: the result note names the directory
 * and its file system.
 *
 * <p>In the queue's package inside the benchmarks module, for the package-private {@code open} that takes a clock
 * (split package on the class path, no JPMS); the store's public API is unchanged.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueBenchmark {
    /** A queue per trial in a fresh directory. */
    @State(Scope.Thread)
    public abstract static class OpenQueue {
        protected DurableReadingQueue queue;
        private Path directory;

        /** The fsync policy the queue is opened with. */
        abstract FsyncPolicy openWith();

        /** The queue's monotonic clock. */
        LongSupplier ticker() {
            return System::nanoTime;
        }

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = BenchmarkFiles.scratch("jmh-queue-");
            queue = DurableReadingQueue.open(
                    QueueSettings.defaults(directory).withFsync(openWith()), new StorageIo(), ticker());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            queue.close();
            BenchmarkFiles.delete(directory);
        }

        /** The profile's spelling of a policy: per-record, per-batch, interval-&lt;seconds&gt;s. */
        public static FsyncPolicy policy(String name) {
            if (name.equals("per-record")) {
                return FsyncPolicy.PER_RECORD;
            }
            if (name.equals("per-batch")) {
                return FsyncPolicy.PER_BATCH;
            }
            if (name.startsWith("interval-") && name.endsWith("s")) {
                String seconds = name.substring("interval-".length(), name.length() - 1);
                return FsyncPolicy.interval(Duration.ofSeconds(Long.parseLong(seconds)));
            }
            throw new IllegalArgumentException(
                    "fsync: expected per-record, per-batch or interval-<seconds>s, got " + name);
        }
    }

    /** A queue that cycles are appended to, under the policy of {@code fsync}. */
    @State(Scope.Thread)
    public static class Appending extends OpenQueue {
        @Param({"per-record", "per-batch", "interval-60s"})
        public String fsync;

        final List<Reading> cycle = HourlyBatch.cycle(0);

        @Override
        FsyncPolicy openWith() {
            return policy(fsync);
        }
    }

    /** A queue holding one synced hourly batch, in the records of {@code layout}, before every call. */
    @State(Scope.Thread)
    public static class Delivering extends OpenQueue {
        @Param({"per-record", "per-batch"})
        public String layout;

        final List<List<Reading>> cycles = HourlyBatch.cycles();

        /** Appends are synced by the refill's one flush; the hour keeps the policy from syncing on its own. */
        @Override
        FsyncPolicy openWith() {
            return FsyncPolicy.interval(Duration.ofHours(1));
        }

        /** An hour passes between any two readings of the clock: every acknowledgement persists the head. */
        @Override
        LongSupplier ticker() {
            AtomicLong hours = new AtomicLong();
            return () -> hours.incrementAndGet() * TimeUnit.HOURS.toNanos(1);
        }

        @Setup(Level.Invocation)
        public void refill() {
            for (List<Reading> cycle : cycles) {
                if (layout.equals("per-record")) {
                    for (Reading reading : cycle) {
                        queue.append(List.of(reading)); // one record per reading, as per-record writes them
                    }
                } else {
                    queue.append(cycle); // one record per sampling cycle, as per-batch and interval write them
                }
            }
            queue.flush();
        }
    }

    /** Appends one sampling cycle (4 readings). */
    @Benchmark
    public void appendCycle(Appending state) {
        state.queue.append(state.cycle);
    }

    /** Peeks a 48-reading batch and acknowledges it. */
    @Benchmark
    public Batch peekAcknowledge(Delivering state) {
        Batch batch = state.queue.peek(HourlyBatch.READINGS).orElseThrow();
        state.queue.acknowledge(batch);
        return batch;
    }
}
