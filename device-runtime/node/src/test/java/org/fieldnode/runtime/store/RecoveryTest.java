// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.runtime.store.TestReadings.copyDirectory;
import static org.fieldnode.runtime.store.TestReadings.drainWithoutAck;
import static org.fieldnode.runtime.store.TestReadings.reading;
import static org.fieldnode.runtime.store.TestReadings.readings;
import static org.fieldnode.runtime.store.TestReadings.segmentFiles;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts and damaged storage, reproduced on real files: a record cut at every byte (what a power cut during
 * an append leaves), a byte flipped anywhere in a record (what a worn SD card returns), a damaged header.
 */
class RecoveryTest {
    private static final int COUNT = 20;

    @TempDir
    Path dir;

    /** Appends COUNT readings one record each; returns the segment file size after each append. */
    private List<Long> appendOnePerRecord(Path at, int count) throws IOException {
        List<Long> ends = new ArrayList<>();
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(QueueSettings.defaults(at).withFsync(FsyncPolicy.PER_RECORD))) {
            ends.add(Files.size(segmentFiles(at).getLast()));
            for (int i = 0; i < count; i++) {
                queue.append(List.of(reading(i)));
                ends.add(Files.size(segmentFiles(at).getLast()));
            }
        }
        return ends;
    }

    @Test
    void lastRecordCutAtEveryByte_recoversEveryEarlierRecord_andCountsTheTornTail() throws IOException {
        Path original = dir.resolve("original");
        List<Long> ends = appendOnePerRecord(original, COUNT);
        long lastStart = ends.get(COUNT - 1);
        long lastEnd = ends.get(COUNT);

        for (long cut = lastStart; cut < lastEnd; cut++) {
            Path copy = dir.resolve("cut-" + cut);
            copyDirectory(original, copy);
            truncate(segmentFiles(copy).getLast(), cut);

            try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(copy))) {
                assertThat(queue.nextSequence()).as("cut at %d", cut).isEqualTo(COUNT - 1);
                assertThat(queue.stats().tornTails()).as("cut at %d", cut).isEqualTo(cut > lastStart ? 1 : 0);
                assertThat(queue.stats().corruptRecords()).isZero();
                assertThat(Files.size(segmentFiles(copy).getLast())).isEqualTo(lastStart);
                // The cut sequence number is reused: it was never synced, so never delivered.
                queue.append(List.of(reading(COUNT - 1)));
                assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, COUNT));
            }
            // The counter persists, and a clean reopen finds nothing more to cut.
            try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(copy))) {
                assertThat(queue.stats().tornTails()).isEqualTo(cut > lastStart ? 1 : 0);
            }
        }
    }

    @Test
    void multiReadingRecordCut_losesOnlyThatUnsyncedBatch() throws IOException {
        Path at = dir.resolve("q");
        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(at))) {
            queue.append(readings(0, 10));
            queue.append(readings(10, 10));
        }
        Path segment = segmentFiles(at).getLast();
        truncate(segment, Files.size(segment) - 3);

        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(at))) {
            assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, 10));
            assertThat(queue.stats().tornTails()).isOne();
        }
    }

    @Test
    void zeroFilledTail_isCutAsTorn() throws IOException {
        // Some file systems leave zeros where a power cut interrupted an extending write.
        Path at = dir.resolve("q");
        appendOnePerRecord(at, 5);
        Path segment = segmentFiles(at).getLast();
        Files.write(segment, new byte[300], java.nio.file.StandardOpenOption.APPEND);

        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(at))) {
            assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, 5));
            assertThat(queue.stats().tornTails()).isOne();
        }
    }

    @Test
    void byteFlippedAnywhereInAMiddleRecord_skipsThatRecordOnly() throws IOException {
        Path original = dir.resolve("original");
        List<Long> ends = appendOnePerRecord(original, COUNT);
        int damaged = 7;
        long start = ends.get(damaged);
        long end = ends.get(damaged + 1);

        for (long at = start; at < end; at++) {
            Path copy = dir.resolve("flip-" + at);
            copyDirectory(original, copy);
            flip(segmentFiles(copy).getLast(), at);

            try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(copy))) {
                List<Reading> expected = new ArrayList<>(readings(0, COUNT));
                expected.remove(damaged);
                assertThat(queue.nextSequence()).isEqualTo(COUNT);
                assertThat(drainWithoutAck(queue)).as("byte %d flipped", at).isEqualTo(expected);
                assertThat(queue.stats().corruptRecords())
                        .as("byte %d flipped", at)
                        .isOne();
                assertThat(queue.stats().tornTails()).isZero();
            }
            try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(copy))) {
                assertThat(queue.stats().corruptRecords()).isOne();
                assertThat(queue.size()).isZero();
            }
        }
    }

    @Test
    void damagedRecordAtTheHead_batchesAroundItAreConsecutive() throws IOException {
        Path at = dir.resolve("q");
        List<Long> ends = appendOnePerRecord(at, 6);
        flip(segmentFiles(at).getLast(), ends.get(0) + 9); // a payload byte of reading 0

        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(at))) {
            Batch batch = queue.peek(100).orElseThrow();
            assertThat(batch.sequence()).isEqualTo(1);
            assertThat(batch.readings()).isEqualTo(readings(1, 5));
            assertThat(queue.stats().corruptRecords()).isOne();
        }
    }

    @Test
    void damagedRecordInAnEarlierSegment_isSkipped_andLaterSegmentsDelivered() throws IOException {
        Path at = dir.resolve("q");
        QueueSettings settings = new QueueSettings(at, 1 << 20, FsyncPolicy.PER_BATCH, QueueSettings.MIN_SEGMENT_BYTES);
        int total = 2000;
        try (DurableReadingQueue queue = DurableReadingQueue.open(settings)) {
            for (int i = 0; i < total; i += 10) {
                queue.append(readings(i, 10));
            }
        }
        List<Path> segments = segmentFiles(at);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        flip(segments.get(0), Segment.HEADER_BYTES + 40);

        try (DurableReadingQueue queue = DurableReadingQueue.open(settings)) {
            List<Reading> delivered = drainWithoutAck(queue);
            assertThat(queue.stats().corruptRecords()).isOne();
            assertThat(delivered).hasSize(total - 10);
            assertThat(readings(0, total)).containsSubsequence(delivered);
        }
    }

    @Test
    void damagedSegmentHeader_recordsStillDelivered() throws IOException {
        Path at = dir.resolve("q");
        appendOnePerRecord(at, 5);
        flip(segmentFiles(at).getFirst(), 10);

        try (DurableReadingQueue queue = DurableReadingQueue.open(QueueSettings.defaults(at))) {
            assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, 5));
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
        }
    }
}
