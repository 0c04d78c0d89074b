// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format (segment format version 2, metadata version 1) is frozen: a queue directory that an earlier
 * fieldnode left on a node must open and deliver, and today's code must write the same bytes. The fixture in
 * {@code src/test/resources/store/queue-format-2/} was written by {@link #writeScenario} with the code of commit
 * 812a56f (before the queue was split into a segment log, a delivery cursor and a facade); it is never
 * regenerated. If {@link #scenario_writesTheFixtureByteForByte} fails, the format changed: that needs a new format
 * version and a reader for the old one, not a new fixture.
 */
class FrozenQueueFormatTest {
    /** Small segments and budget, so that the scenario rotates and drops. */
    private static final long SEGMENT = QueueSettings.MIN_SEGMENT_BYTES;

    private static final long BUDGET = 2 * SEGMENT;

    private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

    /** A fixed list rather than {@code Channel.values()}, so that a new channel never changes the scenario. */
    private static final List<Channel> CHANNELS = List.of(
            Channel.AMBIENT_TEMPERATURE,
            Channel.RELATIVE_HUMIDITY,
            Channel.PRESSURE,
            Channel.ILLUMINANCE,
            Channel.RAIN,
            Channel.WIND_SPEED,
            Channel.BATTERY,
            Channel.QUEUED,
            Channel.STORAGE_FREE);

    private static final List<String> SENSORS = List.of("env0", "soil0", "ü-sensor", "lux0", "rain0");

    // What the fixture holds, read off it once when it was written (see the class comment).
    private static final long FIXTURE_HEAD = 963;
    private static final long FIXTURE_NEXT = 2_519;
    private static final long FIXTURE_DROPPED = 950;
    private static final long FIXTURE_BYTES_WRITTEN = 43_461;
    private static final long FIXTURE_FSYNCS = 125;
    private static final List<String> FIXTURE_FILES =
            List.of("00000000000003b6.seg", "000000000000076c.seg", "queue.meta");

    @TempDir
    Path dir;

    private static QueueSettings settings(Path at, FsyncPolicy policy) {
        return new QueueSettings(at, BUDGET, policy, SEGMENT);
    }

    /**
     * Reading {@code i} of the scenario: every value kind of a record (zigzag integer, float32, float64, negative
     * zero), several sensors with a non-ASCII id, sub-millisecond times, a clock stepped back, unsynchronised
     * times, large monotonic steps.
     */
    static Reading reading(long i) {
        Channel channel = CHANNELS.get((int) (i % CHANNELS.size()));
        String sensor = SENSORS.get((int) (i % SENSORS.size()));
        double value = switch ((int) (i % 5)) {
            case 0 -> i * 7 - 300; // an exact integer
            case 1 -> (float) (i * 0.25 + 0.125); // exact as a float32
            case 2 -> i * 0.1 + 1e-9; // needs a float64
            case 3 -> i % 2 == 0 ? -0.0 : 1e300;
            default -> -i * 1_000_003.5;
        };
        Instant at = T0.plusMillis(i * 1_000).plusNanos(i % 4 == 0 ? 123_456 : 0);
        if (i % 17 == 0) {
            at = at.minusSeconds(5); // the wall clock stepped back
        }
        TimeQuality quality = i % 6 == 0 ? TimeQuality.UNSYNCED : TimeQuality.SYNCED;
        return new Reading(sensor, channel, value, i * 1_000_000_007L, at, quality);
    }

    static List<Reading> readings(long from, long to) {
        List<Reading> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(reading(i));
        }
        return out;
    }

    /**
     * Four runs of a node, as the node uses the queue: per-batch appends past two rotations and the disk budget
     * (so the oldest readings are dropped); per-record appends and an acknowledgement; interval appends, synced at
     * close; one more acknowledgement. Every write and fsync goes through {@code io}.
     */
    static void writeScenario(Path at, StorageIo io) throws IOException {
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(settings(at, FsyncPolicy.PER_BATCH), io, System::nanoTime)) {
            for (long i = 0; i < 2_500; i += 25) {
                queue.append(readings(i, i + 25));
            }
        }
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(settings(at, FsyncPolicy.PER_RECORD), io, System::nanoTime)) {
            queue.append(readings(2_500, 2_512));
            queue.acknowledge(queue.peek(5).orElseThrow());
        }
        try (DurableReadingQueue queue = DurableReadingQueue.open(
                settings(at, FsyncPolicy.interval(Duration.ofHours(1))), io, System::nanoTime)) {
            queue.append(readings(2_512, 2_519));
        }
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(settings(at, FsyncPolicy.PER_BATCH), io, System::nanoTime)) {
            queue.acknowledge(queue.peek(8).orElseThrow());
        }
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(FrozenQueueFormatTest.class.getResource("/store/queue-format-2"))
                .toURI());
    }

    private static List<String> files(Path at) throws IOException {
        try (Stream<Path> files = Files.list(at)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("queue.lock"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void queueLeftByTheFormat2Code_opensAndDeliversEveryReadingItHolds() throws Exception {
        Path at = dir.resolve("queue");
        TestReadings.copyDirectory(fixture(), at);

        try (DurableReadingQueue queue = DurableReadingQueue.open(settings(at, FsyncPolicy.PER_BATCH))) {
            assertThat(queue.nextSequence()).isEqualTo(FIXTURE_NEXT);
            assertThat(queue.size()).isEqualTo(FIXTURE_NEXT - FIXTURE_HEAD);
            assertThat(queue.dropped()).isEqualTo(FIXTURE_DROPPED);
            QueueStats stats = queue.stats();
            assertThat(stats.corruptRecords()).isZero();
            assertThat(stats.tornTails()).isZero();
            assertThat(stats.segments()).isEqualTo(2);

            assertThat(queue.peek(1).orElseThrow().sequence()).isEqualTo(FIXTURE_HEAD);
            List<Reading> delivered = new ArrayList<>();
            long expected = FIXTURE_HEAD;
            Batch batch;
            while ((batch = queue.peek(300).orElse(null)) != null) {
                assertThat(batch.sequence()).isEqualTo(expected);
                delivered.addAll(batch.readings());
                expected += batch.readings().size();
                queue.acknowledge(batch);
            }
            assertThat(delivered).isEqualTo(readings(FIXTURE_HEAD, FIXTURE_NEXT));

            // The old directory goes on: new readings continue its sequence, and survive a reopen.
            queue.append(readings(FIXTURE_NEXT, FIXTURE_NEXT + 3));
        }
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings(at, FsyncPolicy.PER_BATCH))) {
            assertThat(queue.peek(100)).contains(new Batch(FIXTURE_NEXT, readings(FIXTURE_NEXT, FIXTURE_NEXT + 3)));
            assertThat(queue.dropped()).isEqualTo(FIXTURE_DROPPED);
        }
    }

    @Test
    void scenario_writesTheFixtureByteForByte() throws Exception {
        Path at = dir.resolve("queue");
        StorageIo io = new StorageIo();
        writeScenario(at, io);

        assertThat(files(at)).isEqualTo(FIXTURE_FILES);
        assertThat(files(fixture())).isEqualTo(FIXTURE_FILES);
        for (String name : FIXTURE_FILES) {
            assertThat(Files.readAllBytes(at.resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(fixture().resolve(name)));
        }
        // And at the same cost to the card (BENCHMARKS.md): not one byte or fsync more than when it was written.
        assertThat(io.bytesWritten()).as("bytes written").isEqualTo(FIXTURE_BYTES_WRITTEN);
        assertThat(io.fsyncs()).as("fsyncs").isEqualTo(FIXTURE_FSYNCS);
    }
}
