// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata file's writes, on real files: never an older state over a newer one, at most one write a second
 * for acknowledgements with the newest state when the second has passed, and nothing after close.
 */
class MetadataWriterTest {
    @TempDir
    Path dir;

    private final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<MetadataWriter.Snapshot> latest = new AtomicReference<>();
    private final StorageIo io = new StorageIo();

    @AfterEach
    void stopFlusher() {
        flusher.shutdownNow();
    }

    private MetadataWriter writer() {
        return new MetadataWriter(dir, io, ticker::get, flusher, latest::get);
    }

    private static MetadataWriter.Snapshot state(long head, long version) {
        return new MetadataWriter.Snapshot(new QueueMetadata(head, 0, 0, 0), version);
    }

    private long persistedHead() throws Exception {
        return QueueMetadata.read(dir).metadata().acknowledgedHead();
    }

    @Test
    void anOlderState_neverReplacesANewerOne() throws Exception {
        MetadataWriter writer = writer();
        writer.writeNow(state(20, 2)); // a drop, on the appending thread
        long fsyncs = io.fsyncs();

        writer.writeSoon(state(10, 1)); // an acknowledgement that lost the race
        ticker.addAndGet(TimeUnit.SECONDS.toNanos(5));
        writer.writeSoon(state(10, 1));

        assertThat(persistedHead()).isEqualTo(20);
        assertThat(io.fsyncs()).isEqualTo(fsyncs);
    }

    @Test
    void acknowledgementsWithinASecond_areWrittenOnce_withTheNewestState() throws Exception {
        MetadataWriter writer = writer();
        writer.writeSoon(state(1, 1)); // the first is written at once
        assertThat(persistedHead()).isEqualTo(1);
        long fsyncs = io.fsyncs();

        latest.set(state(2, 2));
        writer.writeSoon(state(2, 2)); // within the second: deferred to the flusher
        latest.set(state(3, 3));
        writer.writeSoon(state(3, 3));
        assertThat(io.fsyncs()).isEqualTo(fsyncs);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The rename makes the new head visible before the directory sync is counted: wait for both.
        while ((persistedHead() != 3 || io.fsyncs() - fsyncs < 2) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(persistedHead()).isEqualTo(3);
        assertThat(io.fsyncs() - fsyncs)
                .as("one write: temporary file and directory")
                .isEqualTo(2);
    }

    @Test
    void close_writesTheLastStateOnce_thenNothingMore() throws Exception {
        MetadataWriter writer = writer();
        writer.writeSoon(state(1, 1));
        writer.close(state(4, 4));
        assertThat(persistedHead()).isEqualTo(4);
        long fsyncs = io.fsyncs();

        ticker.addAndGet(TimeUnit.SECONDS.toNanos(5));
        writer.writeSoon(state(9, 9));
        writer.close(state(9, 9));

        assertThat(persistedHead()).isEqualTo(4);
        assertThat(io.fsyncs()).isEqualTo(fsyncs);
    }

    @Test
    void close_ofAStateAlreadyWritten_writesNothing() throws Exception {
        MetadataWriter writer = writer();
        writer.writeSoon(state(1, 1));
        long fsyncs = io.fsyncs();

        writer.close(state(1, 1));

        assertThat(io.fsyncs()).isEqualTo(fsyncs);
    }
}
