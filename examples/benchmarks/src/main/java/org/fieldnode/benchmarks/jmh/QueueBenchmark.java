// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.store.DurableReadingQueue;
import org.fieldnode.runtime.store.FsyncPolicy;
import org.fieldnode.runtime.store.QueueSettings;
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
 * under {@link BenchmarkFiles#root()} per trial, with the product's default budget and segment size, under each
 * fsync policy:
 *
 * <ul>
 *   <li>{@code appendCycle}: one sampling cycle of 4 readings appended. {@code per-record}: 4 records, 4 fsyncs;
 *       {@code per-batch} (the default): one record, one fsync; {@code interval-60s}: one record written to the page
 *       cache, synced later on the queue's own thread (no sync falls inside a short measurement).
 *   <li>{@code peekAcknowledge}: what the delivery loop does with an acknowledged hourly batch: peek 48 synced
 *       readings (read back and CRC-checked) and acknowledge them (the head is persisted at most once a second).
 *       Before each call, outside the measurement, 48 readings are appended (and flushed under the interval
 *       policy, whose readings delivery sees only once synced).
 * </ul>
 *
 * <p>fsync on tmpfs costs next to nothing; on a disk or SD card it dominates: the result note names the directory
 * and its file system.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueBenchmark {
    /** A queue per trial, with the fsync policy of the {@code fsync} parameter. */
    @State(Scope.Thread)
    public abstract static class OpenQueue {
        @Param({"per-record", "per-batch", "interval-60s"})
        public String fsync;

        protected DurableReadingQueue queue;
        private Path directory;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = BenchmarkFiles.scratch("jmh-queue-");
            queue = DurableReadingQueue.open(QueueSettings.defaults(directory).withFsync(policy(fsync)));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            queue.close();
            BenchmarkFiles.delete(directory);
        }

        /** The profile's spelling of a policy: per-record, per-batch, interval-&lt;seconds&gt;s. */
        static FsyncPolicy policy(String name) {
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

    /** A queue that cycles are appended to. */
    @State(Scope.Thread)
    public static class Appending extends OpenQueue {
        final List<Reading> cycle = HourlyBatch.cycle(0);
    }

    /** A queue holding one hourly batch, synced, before every call. */
    @State(Scope.Thread)
    public static class Delivering extends OpenQueue {
        final List<Reading> hour = HourlyBatch.hour();

        @Setup(Level.Invocation)
        public void refill() {
            queue.append(hour);
            queue.flush(); // a no-op unless the interval policy left the readings unsynced
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
