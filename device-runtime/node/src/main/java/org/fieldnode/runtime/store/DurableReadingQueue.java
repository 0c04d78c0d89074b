// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * A crash-safe reading queue on disk, written for SD cards. It wires parts that each do one job: a
 * {@link SegmentLog} of checksummed frames (bytes and segment files); the {@link RecordCodec}, which turns runs of
 * readings into frame payloads; an {@link Appender}, which numbers, writes and syncs appended readings; a
 * {@link DeliveryCursor}, which reads from the head and moves it; and a {@link MetadataWriter}, which keeps the
 * cursor's state in a small file replaced atomically ({@link QueueMetadata}).
 *
 * <p>The contract, in the manner of tape's {@code QueueFile}; each part is stated again on the class that keeps it:
 *
 * <ul>
 *   <li><b>Appended means durable</b> ({@link Appender}). {@link #append} numbers the readings and writes them;
 *       under {@link FsyncPolicy#PER_RECORD} and {@link FsyncPolicy#PER_BATCH} they are synced before it returns,
 *       so a kill -9 or power cut afterwards loses none of them. Under {@link FsyncPolicy.Interval} a power cut may
 *       lose the readings of the last interval; a kill -9 loses none (they are in the page cache).
 *   <li><b>Nothing corrupts</b> ({@link SegmentLog}, {@link DeliveryCursor}). Every record carries a CRC-32C. At
 *       open the last segment is scanned and a torn tail (an append a crash interrupted) is cut and counted. A
 *       damaged record elsewhere is skipped and counted when delivery reaches it; the readings around it are
 *       delivered.
 *   <li><b>Sequence numbers are never reused</b> ({@link Appender}, {@link DeliveryCursor}). Delivery
 *       ({@link #peek}) sees a reading only once it is synced, so a reading that may have reached the collector is
 *       on disk and the tail derived from the last segment at open is past it.
 *   <li><b>Acknowledged readings leave</b> ({@link DeliveryCursor}, {@link MetadataWriter}). The acknowledged head
 *       is persisted at most once per second (and at close); after a crash up to a second of acknowledged readings
 *       is delivered again, and the collector discards them by sequence. A segment is deleted once every reading
 *       in it is acknowledged or dropped.
 *   <li><b>Bounded</b> ({@link Appender}, {@link SegmentLog}, {@link DeliveryCursor}). When an append would take
 *       the segments past the disk budget, whole oldest segments are dropped and their unacknowledged readings
 *       counted in {@link #dropped()}, which survives restarts.
 *   <li><b>Usable after an I/O error</b> ({@link Appender}). A failed append throws {@link UncheckedIOException},
 *       rolls back what that call wrote since its last sync and leaves the queue usable; the next append tries
 *       again.
 * </ul>
 *
 * <p>Safe for one appending thread and one delivering thread; a background thread syncs under the interval policy
 * and persists a deferred acknowledged head; any thread may read the counters. Two locks ({@link QueueLocks}) keep
 * the sides apart: one for the writer at the tail, and one for the state both sides share, which is not held
 * across an append's segment fsyncs nor an acknowledgement's metadata write. The directory is locked
 * ({@link DirectoryLock}) while the queue is open.
 */
public final class DurableReadingQueue implements ReadingQueue {
    private final Path directory;
    private final StorageIo io;
    private final DirectoryLock directoryLock;
    private final ScheduledExecutorService flusher;
    private final QueueLocks locks = new QueueLocks();
    private final ReentrantLock lock = locks.shared;
    private final SegmentLog log; // guarded by lock, as is the cursor
    private final DeliveryCursor cursor;
    private final MetadataWriter metadata;
    private final Appender appender;

    private DurableReadingQueue(
            QueueSettings settings,
            StorageIo io,
            LongSupplier ticker,
            DirectoryLock directoryLock,
            SegmentLog log,
            DeliveryCursor cursor,
            long next) {
        this.directory = settings.directory();
        this.io = io;
        this.directoryLock = directoryLock;
        this.log = log;
        this.cursor = cursor;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-queue-flush");
            t.setDaemon(true);
            return t;
        });
        this.metadata = new MetadataWriter(directory, io, ticker, flusher, this::latestState);
        this.appender = new Appender(settings, log, cursor, metadata, flusher, locks, next);
    }

    /**
     * Opens the queue in {@code settings.directory()}, creating it when missing, and recovers it: cuts a torn
     * tail from the last segment, deletes fully acknowledged segments and leftover temporary files.
     *
     * @throws IOException when the directory cannot be used, is locked by another process, or holds a newer
     *     format
     */
    public static DurableReadingQueue open(QueueSettings settings) throws IOException {
        return open(settings, new StorageIo(), System::nanoTime);
    }

    static DurableReadingQueue open(QueueSettings settings, StorageIo io, LongSupplier ticker) throws IOException {
        Path directory = settings.directory();
        DirectoryLock directoryLock = DirectoryLock.acquire(directory);
        SegmentLog log = null;
        DurableReadingQueue queue = null;
        try {
            QueueMetadata.Read read = QueueMetadata.read(directory);
            QueueMetadata persisted = read.metadata();
            if (read.damaged()) {
                Logger.warn(
                        "Reading queue metadata in {} is damaged: delivering every queued reading again", directory);
            }
            TailScan tail = new TailScan();
            SegmentLog.Opened opened = SegmentLog.open(settings, io, persisted.acknowledgedHead(), tail);
            log = opened.log();
            long next = Math.max(tail.end(log.last().base), persisted.acknowledgedHead());
            long tornTails = persisted.tornTails() + (opened.tornTailCut() ? 1 : 0);
            DeliveryCursor cursor = DeliveryCursor.open(log, persisted, tornTails, next, ticker);
            queue = new DurableReadingQueue(settings, io, ticker, directoryLock, log, cursor, next);
            if (read.damaged() || opened.tornTailCut()) {
                queue.metadata.writeNow(cursor.snapshot());
            }
            Logger.info(
                    "Reading queue {} open: {} reading(s) waiting, next sequence {}, {} segment(s), fsync {}",
                    directory,
                    next - cursor.head(),
                    next,
                    log.segmentCount(),
                    settings.fsync());
            return queue;
        } catch (IOException | RuntimeException e) {
            if (queue != null) {
                queue.release();
            } else {
                if (log != null) {
                    log.close();
                }
                directoryLock.release();
            }
            throw e;
        }
    }

    @Override
    public void append(List<Reading> readings) {
        if (!readings.isEmpty()) {
            appender.append(readings);
        }
    }

    /**
     * Syncs every appended reading now, whatever the policy (under {@link FsyncPolicy.Interval}, to make readings
     * visible to delivery at once).
     *
     * @throws UncheckedIOException when the sync fails
     */
    public void flush() {
        appender.flush();
    }

    @Override
    public Optional<Batch> peek(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        lock.lock();
        try {
            appender.ensureOpen();
            return Optional.ofNullable(cursor.read(max, appender.synced()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reading queue in " + directory + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acknowledge(Batch batch) {
        MetadataWriter.Snapshot state;
        lock.lock();
        try {
            appender.ensureOpen();
            long end = batch.sequence() + batch.readings().size();
            if (end > appender.next()) {
                throw new IllegalArgumentException("batch " + batch.sequence() + ".." + (end - 1)
                        + " was never queued (next sequence is " + appender.next() + ")");
            }
            if (!cursor.acknowledge(end)) {
                return;
            }
            state = cursor.snapshot();
        } finally {
            lock.unlock();
        }
        metadata.writeSoon(state); // without lock: appends do not wait for its fsyncs
    }

    /** The cursor's state for a deferred metadata write; null once closed. */
    private MetadataWriter.Snapshot latestState() {
        lock.lock();
        try {
            return appender.isClosed() ? null : cursor.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Readings waiting, including unsynced ones and any in damaged records delivery has not reached yet. */
    @Override
    public int size() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, appender.next() - cursor.head());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return cursor.dropped();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nextSequence() {
        lock.lock();
        try {
            return appender.next();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a synced reading is queued; readings waiting for an interval sync do not count yet. */
    @Override
    public boolean awaitReadings(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (cursor.head() >= appender.synced() && !appender.isClosed()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = locks.readable.awaitNanos(nanos);
            }
            return cursor.head() < appender.synced();
        } finally {
            lock.unlock();
        }
    }

    /** The queue's counters. */
    public QueueStats stats() {
        lock.lock();
        try {
            QueueMetadata counters = cursor.snapshot().metadata();
            return new QueueStats(
                    io.bytesWritten(),
                    io.fsyncs(),
                    appender.readingsAppended(),
                    counters.corruptRecords(),
                    counters.tornTails(),
                    counters.dropped(),
                    log.segmentCount(),
                    log.diskBytes());
        } finally {
            lock.unlock();
        }
    }

    /** Syncs appended readings, persists the acknowledged head and counters, releases files and the lock. */
    @Override
    public void close() {
        locks.append.lock();
        lock.lock();
        try {
            if (appender.isClosed()) {
                return;
            }
            try {
                appender.close();
                metadata.close(cursor.snapshot());
            } catch (IOException e) {
                Logger.error("Closing the reading queue in {}: {}", directory, e);
                metadata.abandon();
            }
            locks.readable.signalAll();
            release();
        } finally {
            lock.unlock();
            locks.append.unlock();
        }
    }

    /**
     * Stops like a killed process would: releases files and the lock without syncing or persisting anything.
     * Tests use it to reopen a directory after a simulated crash within one JVM.
     */
    void abandon() {
        locks.append.lock();
        lock.lock();
        try {
            appender.abandon();
            metadata.abandon();
            locks.readable.signalAll();
            release();
        } finally {
            lock.unlock();
            locks.append.unlock();
        }
    }

    private void release() {
        flusher.shutdownNow();
        log.close();
        directoryLock.release();
    }

    @Override
    public String toString() {
        return "DurableReadingQueue[" + directory + ", size=" + size() + "]";
    }

    /** The sequence after the last record of the last segment, from the frames {@link SegmentLog#open} shows. */
    private static final class TailScan implements SegmentLog.FrameVisitor {
        private long end = Long.MIN_VALUE;

        @Override
        public void frame(byte[] payload, long segmentBase) {
            try {
                end = Math.max(end, RecordCodec.decode(payload, segmentBase).endSequence());
            } catch (CorruptRecordException e) {
                // Framed but undecodable: skipped and counted when delivery reaches it.
            }
        }

        long end(long lastBase) {
            return Math.max(lastBase, end);
        }
    }
}
