// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.runtime.store.TestReadings.drainWithoutAck;
import static org.fieldnode.runtime.store.TestReadings.readings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.runtime.pipeline.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata is replaced atomically, so a crash between any two steps of a write leaves the old or the new state;
 * and a failed write leaves the queue usable (tape's stance). Failures are injected at the {@link StorageIo}
 * seam, on real files.
 */
class MetadataAndFailureTest {
    @TempDir
    Path dir;

    /** Fails the chosen operations, as a full or failing SD card would. */
    static final class FailingIo extends StorageIo {
        boolean failRename;
        boolean failForce;
        int failWritesAfterBytes = -1;

        @Override
        void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
            if (failWritesAfterBytes >= 0) {
                // Write a prefix, then fail: what ENOSPC or a dying card does half-way.
                int n = Math.min(failWritesAfterBytes, bytes.remaining());
                ByteBuffer prefix = bytes.duplicate();
                prefix.limit(prefix.position() + n);
                super.write(channel, prefix, position);
                throw new IOException("No space left on device (injected)");
            }
            super.write(channel, bytes, position);
        }

        @Override
        void force(FileChannel channel) throws IOException {
            if (failForce) {
                throw new IOException("Input/output error (injected)");
            }
            super.force(channel);
        }

        @Override
        void rename(Path source, Path target) throws IOException {
            if (failRename) {
                throw new IOException("injected crash before rename");
            }
            super.rename(source, target);
        }
    }

    private final AtomicLong ticker = new AtomicLong();

    private DurableReadingQueue open(StorageIo io) throws IOException {
        return DurableReadingQueue.open(QueueSettings.defaults(dir), io, ticker::get);
    }

    @Test
    void leftoverTemporaryFiles_areDeleted_andStateIsIntact() throws Exception {
        try (DurableReadingQueue queue = open(new StorageIo())) {
            queue.append(readings(0, 10));
            queue.acknowledge(queue.peek(3).orElseThrow());
        }
        Files.write(dir.resolve(QueueMetadata.FILE_NAME + StorageIo.TEMP_SUFFIX), new byte[] {1, 2, 3});
        Files.write(dir.resolve(Segment.fileName(10) + StorageIo.TEMP_SUFFIX), new byte[7]);

        try (DurableReadingQueue queue = open(new StorageIo())) {
            assertThat(queue.peek(100)).contains(new Batch(3, readings(3, 7)));
            assertThat(queue.nextSequence()).isEqualTo(10);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void metadataTempFileCutAtEveryLength_neverChangesState() throws Exception {
        try (DurableReadingQueue queue = open(new StorageIo())) {
            queue.append(readings(0, 10));
            queue.acknowledge(queue.peek(4).orElseThrow());
        }
        byte[] newer = new QueueMetadata(9, 5, 0, 0).encode();
        for (int length = 0; length <= newer.length; length++) {
            Files.write(dir.resolve(QueueMetadata.FILE_NAME + StorageIo.TEMP_SUFFIX), Arrays.copyOf(newer, length));
            try (DurableReadingQueue queue = open(new StorageIo())) {
                assertThat(queue.peek(100)).as("temp of %d bytes", length).contains(new Batch(4, readings(4, 6)));
                assertThat(queue.dropped()).isZero();
            }
        }
    }

    @Test
    void crashBeforeTheRename_keepsThePreviousHead_andLosesNothing() throws Exception {
        FailingIo io = new FailingIo();
        DurableReadingQueue queue = open(io);
        queue.append(readings(0, 10));
        queue.acknowledge(queue.peek(2).orElseThrow()); // persisted
        io.failRename = true;
        ticker.addAndGet(2_000_000_000L); // past the once-per-second limit: the next head is written at once
        queue.acknowledge(queue.peek(5).orElseThrow());
        assertThat(queue.peek(100)).contains(new Batch(7, readings(7, 3)));
        queue.abandon();

        try (DurableReadingQueue reopened = open(new StorageIo())) {
            // The acknowledgement that did not reach the disk is delivered again; the collector dedups it.
            assertThat(reopened.peek(100)).contains(new Batch(2, readings(2, 8)));
        }
    }

    @Test
    void damagedMetadata_deliversEverythingAgain_ratherThanLosingReadings() throws Exception {
        try (DurableReadingQueue queue = open(new StorageIo())) {
            queue.append(readings(0, 10));
            queue.acknowledge(queue.peek(4).orElseThrow());
        }
        RecoveryTest.flip(dir.resolve(QueueMetadata.FILE_NAME), 12);

        try (DurableReadingQueue queue = open(new StorageIo())) {
            assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, 10));
            assertThat(queue.nextSequence()).isEqualTo(10);
        }
    }

    @Test
    void failedAppend_throws_rollsBack_andTheQueueStaysUsable() throws Exception {
        FailingIo io = new FailingIo();
        try (DurableReadingQueue queue = open(io)) {
            queue.append(readings(0, 5));
            io.failWritesAfterBytes = 11;

            assertThatThrownBy(() -> queue.append(readings(5, 5)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("cannot append 5 reading(s)")
                    .hasMessageContaining("No space left on device");
            assertThat(queue.nextSequence()).isEqualTo(5);
            assertThat(queue.size()).isEqualTo(5);

            io.failWritesAfterBytes = -1;
            queue.append(readings(5, 5));
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 10)));
        }
        try (DurableReadingQueue queue = open(new StorageIo())) {
            assertThat(drainWithoutAck(queue)).isEqualTo(readings(0, 10));
            assertThat(queue.stats().tornTails()).isZero();
            assertThat(queue.stats().corruptRecords()).isZero();
        }
    }

    @Test
    void failedSync_throws_andReadingsAreNotDelivered() throws Exception {
        FailingIo io = new FailingIo();
        try (DurableReadingQueue queue = open(io)) {
            queue.append(readings(0, 3));
            io.failForce = true;
            assertThatThrownBy(() -> queue.append(readings(3, 3))).isInstanceOf(UncheckedIOException.class);
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 3)));

            io.failForce = false;
            queue.append(List.of(TestReadings.reading(3)));
            assertThat(queue.peek(100)).contains(new Batch(0, readings(0, 4)));
        }
    }

    @Test
    void secondQueueOnTheSameDirectory_isRefusedClearly() throws Exception {
        try (DurableReadingQueue queue = open(new StorageIo())) {
            assertThatThrownBy(() -> open(new StorageIo()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is in use by another queue or process");
            queue.append(readings(0, 1));
        }
    }

    @Test
    void closedQueue_failsClearly() throws Exception {
        DurableReadingQueue queue = open(new StorageIo());
        queue.close();
        queue.close();
        assertThatThrownBy(() -> queue.append(readings(0, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void settings_nameTheProfileKeysInTheirErrors() {
        assertThatThrownBy(() -> new QueueSettings(dir, 1 << 20, FsyncPolicy.PER_BATCH, 1 << 20))
                .hasMessage(
                        "queue.disk-budget: must be at least twice queue.segment-size (2097152 bytes), got 1048576");
        assertThatThrownBy(() -> new QueueSettings(dir, 64 << 20, FsyncPolicy.PER_BATCH, 100))
                .hasMessage("queue.segment-size: must be between 16384 and 268435456 bytes, got 100");
        assertThatThrownBy(() -> new QueueSettings(dir, 64 << 20, null, 1 << 20))
                .hasMessage("queue.fsync: must be per-record, per-batch or interval");
        assertThatThrownBy(() -> new QueueSettings(null, 64 << 20, FsyncPolicy.PER_BATCH, 1 << 20))
                .hasMessage("queue.directory: must be set");
    }
}
