// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * A crash-safe reading queue on disk, written for SD cards: append-only segment files of checksummed records (byte
 * layout in {@link Segment} and {@link RecordCodec}) and a small metadata file replaced atomically
 * ({@link QueueMetadata}).
 *
 * <p>The contract, in the manner of tape's {@code QueueFile}:
 *
 * <ul>
 *   <li><b>Appended means durable.</b> {@link #append} numbers the readings and writes them; under
 *       {@link FsyncPolicy#PER_RECORD} and {@link FsyncPolicy#PER_BATCH} they are synced before it returns, so a
 *       kill -9 or power cut afterwards loses none of them. Under {@link FsyncPolicy.Interval} a power cut may
 *       lose the readings of the last interval; a kill -9 loses none (they are in the page cache).
 *   <li><b>Nothing corrupts.</b> Every record carries a CRC-32C. At open the last segment is scanned and a torn
 *       tail (an append a crash interrupted) is cut and counted. A damaged record elsewhere is skipped and counted
 *       when delivery reaches it; the readings around it are delivered.
 *   <li><b>Sequence numbers are never reused.</b> Delivery ({@link #peek}) sees a reading only once it is synced,
 *       so a reading that may have reached the collector is on disk and the tail derived from the last segment at
 *       open is past it.
 *   <li><b>Acknowledged readings leave.</b> The acknowledged head is persisted at most once per second (and at
 *       close); after a crash up to a second of acknowledged readings is delivered again, and the collector
 *       discards them by sequence. A segment is deleted once every reading in it is acknowledged or dropped.
 *   <li><b>Bounded.</b> When an append would take the segments past the disk budget, whole oldest segments are
 *       dropped and their unacknowledged readings counted in {@link #dropped()}, which survives restarts.
 *   <li><b>Usable after an I/O error.</b> A failed append throws {@link UncheckedIOException}, rolls back what
 *       that call wrote since its last sync and leaves the queue usable; the next append tries again.
 * </ul>
 *
 * <p>Safe for one appending thread and one delivering thread; a background thread syncs under the interval
 * policy and persists a deferred acknowledged head. The directory is locked while the queue is open.
 */
public final class DurableReadingQueue implements ReadingQueue {
    static final long HEAD_PERSIST_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String LOCK_FILE = "queue.lock";
    private static final long DROP_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final QueueSettings settings;
    private final Path directory;
    private final StorageIo io;
    private final LongSupplier ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final List<Segment> segments = new ArrayList<>();
    private final FileChannel lockChannel;
    private final FileLock directoryLock;
    private final ScheduledExecutorService flusher;

    // All below guarded by lock.
    private long head;
    private long next;
    private long synced;
    private long dropped;
    private long corruptRecords;
    private long tornTails;
    private long readingsAppended;
    private boolean metadataDirty;
    private long lastMetadataWrite;
    private ScheduledFuture<?> pendingMetadata;
    private ScheduledFuture<?> pendingSync;
    private Segment cursorSegment;
    private long cursorOffset;
    private long lastDropWarn;
    private long droppedSinceWarn;
    private boolean closed;

    private DurableReadingQueue(
            QueueSettings settings,
            StorageIo io,
            LongSupplier ticker,
            FileChannel lockChannel,
            FileLock directoryLock) {
        this.settings = settings;
        this.directory = settings.directory();
        this.io = io;
        this.ticker = ticker;
        this.lockChannel = lockChannel;
        this.directoryLock = directoryLock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fieldnode-queue-flush");
            t.setDaemon(true);
            return t;
        });
        this.lastMetadataWrite = ticker.getAsLong() - HEAD_PERSIST_INTERVAL_NANOS;
        this.lastDropWarn = ticker.getAsLong() - DROP_WARN_INTERVAL_NANOS;
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
        Files.createDirectories(directory);
        FileChannel lockChannel =
                FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock directoryLock;
        try {
            directoryLock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            directoryLock = null;
        }
        if (directoryLock == null) {
            lockChannel.close();
            throw new IOException("reading queue " + directory + " is in use by another queue or process");
        }
        DurableReadingQueue queue = new DurableReadingQueue(settings, io, ticker, lockChannel, directoryLock);
        try {
            queue.recover();
            return queue;
        } catch (IOException | RuntimeException e) {
            queue.release();
            throw e;
        }
    }

    private void recover() throws IOException {
        List<Path> leftovers;
        List<Segment> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            leftovers = new ArrayList<>();
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                OptionalLong base = Segment.baseOf(name);
                if (base.isPresent()) {
                    found.add(Segment.existing(p, base.getAsLong(), Files.size(p)));
                } else if (name.endsWith(StorageIo.TEMP_SUFFIX)) {
                    leftovers.add(p);
                }
            }
        }
        for (Path p : leftovers) {
            Logger.info("Deleting {} left by an interrupted write", p);
            Files.deleteIfExists(p);
        }
        found.sort((a, b) -> Long.compareUnsigned(a.base, b.base));

        QueueMetadata.Read read = QueueMetadata.read(directory);
        QueueMetadata meta = read.metadata();
        if (read.damaged()) {
            Logger.warn("Reading queue metadata in {} is damaged: delivering every queued reading again", directory);
        }
        dropped = meta.dropped();
        corruptRecords = meta.corruptRecords();
        tornTails = meta.tornTails();

        for (Segment s : found) {
            if (!s.headerIntact()) {
                Logger.warn("Header of {} is damaged; reading its records with the base from its name", s.path);
            }
            s.close(); // reopened when delivery reaches it: one descriptor per segment would add up
        }
        boolean metadataChanged = read.damaged();
        if (found.isEmpty()) {
            segments.add(Segment.create(directory, meta.acknowledgedHead(), io));
            next = meta.acknowledgedHead();
        } else {
            segments.addAll(found);
            Segment last = segments.getLast();
            if (last.size < Segment.HEADER_BYTES) {
                // Cannot happen with the create protocol (temp file + rename); rebuild rather than refuse.
                Logger.warn("{} is shorter than its header: recreating it", last.path);
                last.close();
                Files.delete(last.path);
                segments.set(segments.size() - 1, Segment.create(directory, last.base, io));
                last = segments.getLast();
            }
            long tail = scanTail(last);
            metadataChanged |= tornTails != meta.tornTails();
            next = Math.max(tail, meta.acknowledgedHead());
        }
        head = Math.max(meta.acknowledgedHead(), segments.getFirst().base);
        head = Math.min(head, next);
        synced = next;
        cursorSegment = segments.getFirst();
        cursorOffset = Segment.HEADER_BYTES;
        deleteAcknowledgedSegments();
        if (metadataChanged) {
            writeMetadata();
        }
        Logger.info(
                "Reading queue {} open: {} reading(s) waiting, next sequence {}, {} segment(s), fsync {}",
                directory,
                next - head,
                next,
                segments.size(),
                settings.fsync());
    }

    /** Scans the last segment; cuts and counts a torn tail; returns the sequence after its last record. */
    private long scanTail(Segment last) throws IOException {
        long tail = last.base;
        long offset = Segment.HEADER_BYTES;
        while (true) {
            Segment.Frame frame = last.readFrame(offset, last.size);
            if (frame instanceof Segment.Frame.End) {
                break;
            }
            if (frame instanceof Segment.Frame.Valid valid) {
                try {
                    tail = Math.max(
                            tail, RecordCodec.decode(valid.payload(), last.base).endSequence());
                } catch (CorruptRecordException e) {
                    // Framed but undecodable: skipped and counted when delivery reaches it.
                }
                offset = valid.next();
                continue;
            }
            long resumed = last.resync(offset, last.size);
            if (resumed >= 0) {
                offset = resumed; // a damaged record in the middle: delivery skips and counts it
                continue;
            }
            Logger.warn(
                    "Cutting a torn tail of {} bytes from {} at offset {} (an append interrupted by a crash)",
                    last.size - offset,
                    last.path.getFileName(),
                    offset);
            FileChannel ch = last.channel(true);
            ch.truncate(offset);
            io.force(ch);
            last.size = offset;
            tornTails++;
            break;
        }
        return tail;
    }

    @Override
    public void append(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        boolean perRecord = settings.fsync() instanceof FsyncPolicy.PerRecord;
        List<List<Reading>> runs = RecordCodec.split(readings, perRecord);
        lock.lock();
        try {
            ensureOpen();
            Segment rollbackSegment = segments.getLast();
            long rollbackSize = rollbackSegment.size;
            long rollbackNext = next;
            long startNext = next;
            try {
                for (List<Reading> run : runs) {
                    Segment last = segments.getLast();
                    int frameBytes = Segment.FRAME_OVERHEAD + RecordCodec.encode(run, next, last.base).length;
                    if (last.size + frameBytes > settings.segmentBytes() && last.size > Segment.HEADER_BYTES) {
                        rotate();
                        last = segments.getLast();
                        rollbackSegment = last;
                        rollbackSize = last.size;
                        rollbackNext = next;
                    }
                    // The sequence offset, hence the size, depends on the segment: encode for the one written.
                    ByteBuffer frame = Segment.frame(RecordCodec.encode(run, next, last.base));
                    frameBytes = frame.remaining();
                    makeRoom(frameBytes);
                    io.write(last.channel(true), frame, last.size);
                    last.size += frameBytes;
                    next += run.size();
                    if (perRecord) {
                        sync();
                        rollbackSize = last.size;
                        rollbackNext = next;
                    }
                }
                if (settings.fsync() instanceof FsyncPolicy.PerBatch) {
                    sync();
                } else if (settings.fsync() instanceof FsyncPolicy.Interval interval) {
                    scheduleSync(interval.period());
                }
                readingsAppended += readings.size();
            } catch (IOException e) {
                rollBack(rollbackSegment, rollbackSize, rollbackNext);
                readingsAppended += next - startNext; // those synced before the failure stay appended
                throw new UncheckedIOException(
                        "cannot append " + readings.size() + " reading(s) to the queue in " + directory + ": " + e, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what an append wrote after its last sync point; the delivering thread has not seen any of it. */
    private void rollBack(Segment segment, long size, long sequence) {
        next = sequence;
        synced = Math.min(synced, next);
        segment.size = size;
        try {
            segment.channel(true).truncate(size);
        } catch (IOException e) {
            // The bytes past size are overwritten by the next append, or cut as a torn tail at the next open.
            Logger.debug("Could not truncate {} after a failed append: {}", segment.path, e);
        }
    }

    /** Syncs the last segment and makes its readings visible to delivery. */
    private void sync() throws IOException {
        if (synced == next) {
            return;
        }
        io.force(segments.getLast().channel(true));
        synced = next;
        readable.signalAll();
    }

    private void scheduleSync(Duration period) {
        if (pendingSync == null || pendingSync.isDone()) {
            pendingSync = flusher.schedule(this::backgroundSync, period.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void backgroundSync() {
        lock.lock();
        try {
            if (!closed) {
                sync();
            }
        } catch (IOException e) {
            Logger.error("Cannot sync the reading queue in {}: {} (retrying)", directory, e);
            if (settings.fsync() instanceof FsyncPolicy.Interval interval) {
                pendingSync =
                        flusher.schedule(this::backgroundSync, interval.period().toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Syncs every appended reading now, whatever the policy (under {@link FsyncPolicy.Interval}, to make readings
     * visible to delivery at once).
     *
     * @throws UncheckedIOException when the sync fails
     */
    public void flush() {
        lock.lock();
        try {
            ensureOpen();
            sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the reading queue in " + directory + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /** Syncs the last segment, then starts a new one at the next sequence. */
    private void rotate() throws IOException {
        sync();
        Segment created = Segment.create(directory, next, io);
        segments.getLast().close();
        segments.add(created);
    }

    /** Drops whole oldest segments until {@code frameBytes} more fit the disk budget. */
    private void makeRoom(int frameBytes) throws IOException {
        while (diskBytes() + frameBytes > settings.diskBudgetBytes() && segments.size() > 1) {
            Segment oldest = segments.getFirst();
            long end = segments.get(1).base;
            long lost = Math.max(0, end - Math.max(oldest.base, head));
            if (lost > 0) {
                dropped += lost;
                droppedSinceWarn += lost;
                head = end;
                writeMetadata(); // the counter and head reach the device before the readings leave it
            }
            deleteFirstSegment();
            long now = ticker.getAsLong();
            if (droppedSinceWarn > 0 && now - lastDropWarn >= DROP_WARN_INTERVAL_NANOS) {
                Logger.warn(
                        "Reading queue reached its disk budget of {} bytes: dropped the {} oldest reading(s) ({} in all)",
                        settings.diskBudgetBytes(),
                        droppedSinceWarn,
                        dropped);
                droppedSinceWarn = 0;
                lastDropWarn = now;
            }
        }
    }

    private long diskBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size;
        }
        return total;
    }

    /**
     * Deletes the oldest segment. No directory fsync: if a crash undoes the deletion, the next open finds the
     * segment wholly below the persisted head (written first for drops) and deletes it again, or, for an
     * acknowledgement whose head was not persisted yet, delivers its readings again.
     */
    private void deleteFirstSegment() throws IOException {
        Segment oldest = segments.removeFirst();
        oldest.close();
        Files.deleteIfExists(oldest.path);
        if (cursorSegment == oldest) {
            cursorSegment = segments.getFirst();
            cursorOffset = Segment.HEADER_BYTES;
        }
    }

    /** Deletes the segments, but never the last, whose every reading is acknowledged. */
    private void deleteAcknowledgedSegments() {
        while (segments.size() > 1 && segments.get(1).base <= head) {
            try {
                deleteFirstSegment();
            } catch (IOException e) {
                Logger.warn("Cannot delete acknowledged segment {}: {}", segments.getFirst().path, e);
                return;
            }
        }
    }

    @Override
    public Optional<Batch> peek(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        lock.lock();
        try {
            ensureOpen();
            return Optional.ofNullable(readBatch(max));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reading queue in " + directory + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads up to {@code max} synced readings from the head. Moves the cursor past records that are wholly
     * acknowledged and past damaged records at the head (counting them), never past a reading it returns.
     */
    private Batch readBatch(int max) throws IOException {
        List<Reading> out = new ArrayList<>();
        long first = -1;
        int segmentIndex = segments.indexOf(cursorSegment);
        Segment segment = cursorSegment;
        long offset = cursorOffset;
        boolean atCursor = true;
        while (head < synced && out.size() < max) {
            Segment.Frame frame = segment.readFrame(offset, segment.size);
            if (frame instanceof Segment.Frame.End) {
                if (segmentIndex == segments.size() - 1) {
                    break;
                }
                segment = segments.get(++segmentIndex);
                offset = Segment.HEADER_BYTES;
                if (atCursor) {
                    moveCursor(segment, offset);
                }
                continue;
            }
            RecordCodec.Decoded record = null;
            long after;
            if (frame instanceof Segment.Frame.Valid valid) {
                after = valid.next();
                try {
                    record = RecordCodec.decode(valid.payload(), segment.base);
                } catch (CorruptRecordException e) {
                    Logger.debug("Undecodable record in {} at {}: {}", segment.path, offset, e.getMessage());
                }
            } else {
                long resumed = segment.resync(offset, segment.size);
                after = resumed < 0 ? segment.size : resumed;
            }
            if (record == null) {
                if (!out.isEmpty()) {
                    break; // deliver what precedes the damage first
                }
                corruptRecords++;
                metadataDirty = true;
                Logger.warn(
                        "Skipped a damaged record in {} at offset {} ({} bytes); {} damaged in all",
                        segment.path.getFileName(),
                        offset,
                        after - offset,
                        corruptRecords);
                offset = after;
                moveCursor(segment, offset);
                continue;
            }
            if (record.endSequence() <= head) {
                offset = after;
                if (atCursor) {
                    moveCursor(segment, offset);
                }
                continue;
            }
            if (out.isEmpty()) {
                if (record.firstSequence() >= synced) {
                    break;
                }
                if (record.firstSequence() > head) {
                    head = record.firstSequence(); // the readings between were in damaged records
                    metadataDirty = true;
                }
                first = head;
            } else if (record.firstSequence() != first + out.size()) {
                break;
            }
            for (int i = 0; i < record.readings().size() && out.size() < max; i++) {
                long sequence = record.firstSequence() + i;
                if (sequence >= first && sequence < synced) {
                    out.add(record.readings().get(i));
                }
            }
            if (first + out.size() < record.endSequence()) {
                break; // max reached, or the rest is not synced yet
            }
            offset = after;
            atCursor = false;
        }
        return out.isEmpty() ? null : new Batch(first, out);
    }

    private void moveCursor(Segment segment, long offset) {
        cursorSegment = segment;
        cursorOffset = offset;
    }

    @Override
    public void acknowledge(Batch batch) {
        lock.lock();
        try {
            ensureOpen();
            long end = batch.sequence() + batch.readings().size();
            if (end > next) {
                throw new IllegalArgumentException("batch " + batch.sequence() + ".." + (end - 1)
                        + " was never queued (next sequence is " + next + ")");
            }
            if (end <= head) {
                return;
            }
            head = end;
            deleteAcknowledgedSegments();
            metadataDirty = true;
            persistHeadSoon();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the metadata now when the last write is a second old, else once that second has passed. */
    private void persistHeadSoon() {
        long wait = lastMetadataWrite + HEAD_PERSIST_INTERVAL_NANOS - ticker.getAsLong();
        if (wait <= 0) {
            writeMetadataQuietly();
        } else if (pendingMetadata == null || pendingMetadata.isDone()) {
            pendingMetadata = flusher.schedule(
                    () -> {
                        lock.lock();
                        try {
                            if (!closed && metadataDirty) {
                                writeMetadataQuietly();
                            }
                        } finally {
                            lock.unlock();
                        }
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void writeMetadataQuietly() {
        try {
            writeMetadata();
        } catch (IOException e) {
            Logger.warn("Cannot persist the reading queue's acknowledged head in {}: {}", directory, e);
        }
    }

    private void writeMetadata() throws IOException {
        new QueueMetadata(head, dropped, corruptRecords, tornTails).write(directory, io);
        metadataDirty = false;
        lastMetadataWrite = ticker.getAsLong();
    }

    /** Readings waiting, including unsynced ones and any in damaged records delivery has not reached yet. */
    @Override
    public int size() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, next - head);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long nextSequence() {
        lock.lock();
        try {
            return next;
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
            while (head >= synced && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = readable.awaitNanos(nanos);
            }
            return head < synced;
        } finally {
            lock.unlock();
        }
    }

    /** The queue's counters. */
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(
                    io.bytesWritten(),
                    io.fsyncs(),
                    readingsAppended,
                    corruptRecords,
                    tornTails,
                    dropped,
                    segments.size(),
                    diskBytes());
        } finally {
            lock.unlock();
        }
    }

    /** Syncs appended readings, persists the acknowledged head and counters, releases files and the lock. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                sync();
                if (metadataDirty) {
                    writeMetadata();
                }
            } catch (IOException e) {
                Logger.error("Closing the reading queue in {}: {}", directory, e);
            }
            closed = true;
            readable.signalAll();
            release();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops like a killed process would: releases files and the lock without syncing or persisting anything.
     * Tests use it to reopen a directory after a simulated crash within one JVM.
     */
    void abandon() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
            release();
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        flusher.shutdownNow();
        segments.forEach(Segment::close);
        try {
            directoryLock.release();
            lockChannel.close();
        } catch (IOException e) {
            Logger.debug("Releasing the lock of {}: {}", directory, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reading queue " + directory + " is closed");
        }
    }

    @Override
    public String toString() {
        return "DurableReadingQueue[" + directory + ", size=" + size() + "]";
    }
}
