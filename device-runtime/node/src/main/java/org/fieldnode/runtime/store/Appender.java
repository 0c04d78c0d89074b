// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * The queue's write side: numbers appended readings, writes their records ({@link RecordCodec}) at the tail of
 * the {@link SegmentLog}, starts a new segment when the last one is full, drops the oldest for the disk budget,
 * syncs by the {@link FsyncPolicy}, and rolls back a failed append.
 *
 * <p>Its part of the queue's contract:
 *
 * <ul>
 *   <li><b>Appended means durable.</b> Under {@link FsyncPolicy#PER_RECORD} and {@link FsyncPolicy#PER_BATCH}
 *       {@link #append} syncs before it returns; under {@link FsyncPolicy.Interval} the flusher syncs an interval
 *       after the first unsynced append.
 *   <li><b>Sequence numbers are never reused.</b> {@link #synced()} moves only after an fsync, and delivery reads
 *       nothing at or past it; a rollback never goes back past a sync.
 *   <li><b>Bounded.</b> Before a record is written, whole oldest segments are dropped until it fits the budget;
 *       the cursor counts the readings lost and the metadata is written before the segment is deleted.
 *   <li><b>Usable after an I/O error.</b> A failed append throws {@link UncheckedIOException} after truncating
 *       what it wrote since its start or its last sync, whichever is later; the next append tries again.
 * </ul>
 *
 * <p>Locks ({@link QueueLocks}): {@code appendLock} is held for a whole append, flush or background sync; each
 * step that touches shared state takes {@code lock}, and the segment fsyncs run between those steps, without it.
 */
final class Appender {
    private final Path directory;
    private final FsyncPolicy policy;
    private final SegmentLog log;
    private final DeliveryCursor cursor;
    private final MetadataWriter metadata;
    private final ScheduledExecutorService flusher;
    private final ReentrantLock appendLock;
    private final ReentrantLock lock;
    private final Condition readable;

    // Guarded by appendLock: where a failed append rolls back to (the last segment's size and the next sequence
    // at the start of the append or its last sync); the background sync of the interval policy.
    private long rollbackSize;
    private long rollbackNext;
    private ScheduledFuture<?> pendingSync;

    // Guarded by lock; next and synced are written holding appendLock too.
    private long next;
    private long synced;
    private long readingsAppended;
    private boolean closed;

    Appender(
            QueueSettings settings,
            SegmentLog log,
            DeliveryCursor cursor,
            MetadataWriter metadata,
            ScheduledExecutorService flusher,
            QueueLocks locks,
            long next) {
        this.directory = settings.directory();
        this.policy = settings.fsync();
        this.log = log;
        this.cursor = cursor;
        this.metadata = metadata;
        this.flusher = flusher;
        this.appendLock = locks.append;
        this.lock = locks.shared;
        this.readable = locks.readable;
        this.next = next;
        this.synced = next;
    }

    /** The sequence the next appended reading gets. Holding lock. */
    long next() {
        return next;
    }

    /** Every reading before this sequence is synced. Holding lock. */
    long synced() {
        return synced;
    }

    /** Readings appended since the queue was opened. Holding lock. */
    long readingsAppended() {
        return readingsAppended;
    }

    /** Whether the queue was closed or abandoned. Holding lock. */
    boolean isClosed() {
        return closed;
    }

    /** Holding lock. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reading queue " + directory + " is closed");
        }
    }

    /** See {@link DurableReadingQueue#append}. Takes appendLock, and lock for each step. */
    void append(List<Reading> readings) {
        boolean perRecord = policy instanceof FsyncPolicy.PerRecord;
        List<List<Reading>> runs = RecordCodec.split(readings, perRecord);
        appendLock.lock();
        try {
            long startNext;
            lock.lock();
            try {
                ensureOpen();
                startNext = next;
                markRollbackPoint();
            } finally {
                lock.unlock();
            }
            try {
                for (List<Reading> run : runs) {
                    if (!writeRecord(run)) {
                        rotate();
                        if (!writeRecord(run)) {
                            throw new IllegalStateException("a new segment refused a record of " + run.size());
                        }
                    }
                    if (perRecord) {
                        sync();
                    }
                }
                if (policy instanceof FsyncPolicy.PerBatch) {
                    sync();
                } else if (policy instanceof FsyncPolicy.Interval interval) {
                    scheduleSync(interval.period());
                }
                countAppended(readings.size());
            } catch (IOException e) {
                lock.lock();
                try {
                    rollBack();
                    readingsAppended += next - startNext; // those synced before the failure stay appended
                } finally {
                    lock.unlock();
                }
                throw new UncheckedIOException(
                        "cannot append " + readings.size() + " reading(s) to the queue in " + directory + ": " + e, e);
            }
        } finally {
            appendLock.unlock();
        }
    }

    private void countAppended(int readings) {
        lock.lock();
        try {
            readingsAppended += readings;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes one record at the tail, after making room in the disk budget; false, writing nothing, when the last
     * segment is full for it.
     */
    private boolean writeRecord(List<Reading> run) throws IOException {
        lock.lock();
        try {
            // The sequence offset, hence the size, depends on the segment: encode for the one written.
            ByteBuffer frame = Segment.frame(RecordCodec.encode(run, next, log.last().base));
            if (log.isFullFor(frame.remaining())) {
                return false;
            }
            makeRoom(frame.remaining());
            log.append(frame);
            next += run.size();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops whole oldest segments until {@code frameBytes} more fit the disk budget. Holding lock. */
    private void makeRoom(int frameBytes) throws IOException {
        while (log.overBudget(frameBytes)) {
            if (cursor.dropUntil(log.oldestEnd()) > 0) {
                // The counter and the head reach the device before the readings leave it.
                metadata.writeNow(cursor.snapshot());
            }
            log.deleteOldest();
            cursor.warnOfDrops();
        }
    }

    /** Syncs the last segment, then starts a new one at the next sequence; the fsyncs run without lock. */
    private void rotate() throws IOException {
        sync();
        Segment created = log.createSegment(next); // next is the appender's own: appendLock is enough to read it
        lock.lock();
        try {
            log.adopt(created);
            markRollbackPoint();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Syncs the last segment and makes its readings visible to delivery. Holding appendLock, so the tail stays as it
     * is while the fsync runs; it runs without lock unless the caller holds that too ({@link #close}).
     */
    private void sync() throws IOException {
        FileChannel tail;
        long target;
        lock.lock();
        try {
            if (synced == next) {
                return;
            }
            tail = log.tailChannel();
            target = next;
        } finally {
            lock.unlock();
        }
        log.sync(tail);
        lock.lock();
        try {
            synced = target;
            markRollbackPoint();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A failed append rolls back to here: nothing before it is lost, nothing after it was delivered. Holding both. */
    private void markRollbackPoint() {
        rollbackSize = log.tailSize();
        rollbackNext = next;
    }

    /** Forgets what a failed append wrote after the rollback point; delivery saw none of it (unsynced). Holding both. */
    private void rollBack() {
        next = rollbackNext;
        synced = Math.min(synced, next);
        log.truncateTail(rollbackSize);
    }

    private void scheduleSync(Duration period) {
        if (pendingSync == null || pendingSync.isDone()) {
            pendingSync = flusher.schedule(this::backgroundSync, period.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void backgroundSync() {
        appendLock.lock();
        try {
            if (!closedNow()) {
                sync();
            }
        } catch (IOException e) {
            Logger.error("Cannot sync the reading queue in {}: {} (retrying)", directory, e);
            if (policy instanceof FsyncPolicy.Interval interval) {
                pendingSync =
                        flusher.schedule(this::backgroundSync, interval.period().toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            appendLock.unlock();
        }
    }

    private boolean closedNow() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** See {@link DurableReadingQueue#flush}. */
    void flush() {
        appendLock.lock();
        try {
            lock.lock();
            try {
                ensureOpen();
            } finally {
                lock.unlock();
            }
            sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the reading queue in " + directory + ": " + e, e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Refuses appends from now on and syncs what is appended; the sync runs holding both locks, as nothing else may
     * run now. Holding appendLock and lock.
     *
     * @throws IOException when the sync fails; the queue is closed all the same
     */
    void close() throws IOException {
        closed = true;
        sync();
    }

    /** Refuses appends without syncing, like a killed process. Holding appendLock and lock. */
    void abandon() {
        closed = true;
    }
}
