// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * The queue's segment files, oldest first: bytes and segments, no readings (tape's {@code QueueFile}, cut into
 * segments so that whole files leave from the front). Frames are appended to the last segment; a new segment
 * starts when the last one is full; the oldest segment is dropped to stay within the disk budget, and segments
 * wholly before the delivery head are deleted. The file layout is drawn in {@link Segment}.
 *
 * <p>Its part of the queue's contract:
 *
 * <ul>
 *   <li><b>Nothing corrupts.</b> Every frame carries a CRC-32C. At {@link #open} the last segment is scanned and a
 *       torn tail (an invalid region with no valid frame after it: an append a crash interrupted) is cut and
 *       reported, to be counted; a damaged frame elsewhere is left for the reader to skip and count. Segments are
 *       created whole (temporary name, fsync, rename), so a header is never torn.
 *   <li><b>Bounded.</b> {@link #overBudget} and {@link #deleteOldest} keep the segments within the disk budget,
 *       whole oldest segments first; counting what that loses is the cursor's ({@link DeliveryCursor#dropUntil}).
 *   <li><b>Acknowledged readings leave</b> with their segment ({@link #deleteConsumed}), never the last one.
 * </ul>
 *
 * <p>The log never syncs on its own: the {@link Appender} decides when ({@link FsyncPolicy}). Deletions need no
 * directory fsync: if a crash undoes one, the next open finds the segment wholly below the persisted head (written
 * before a drop) and deletes it again, or, for an acknowledgement whose head was not persisted yet, delivers its
 * readings again.
 *
 * <p>Not thread-safe: called holding the queue's shared lock ({@link QueueLocks}), except {@link #createSegment}
 * and {@link #sync}, which touch no state of the log and run without it.
 */
final class SegmentLog {
    private final Path directory;
    private final StorageIo io;
    private final long segmentBytes;
    private final long diskBudgetBytes;
    private final List<Segment> segments = new ArrayList<>(); // oldest first; never empty once open

    /** Told each valid frame of the last segment at open, in order. */
    @FunctionalInterface
    interface FrameVisitor {
        void frame(byte[] payload, long segmentBase);
    }

    private SegmentLog(QueueSettings settings, StorageIo io) {
        this.directory = settings.directory();
        this.io = io;
        this.segmentBytes = settings.segmentBytes();
        this.diskBudgetBytes = settings.diskBudgetBytes();
    }

    /**
     * Opens the segments in {@code settings.directory()}: deletes files left by interrupted atomic writes, checks
     * every header, cuts a torn tail from the last segment and shows {@code lastSegment} each valid frame of it;
     * creates a first segment at {@code emptyBase} when there is none.
     *
     * @return the log, and whether a torn tail was cut
     * @throws IOException when the directory cannot be read or a segment is of a newer format version
     */
    static Opened open(QueueSettings settings, StorageIo io, long emptyBase, FrameVisitor lastSegment)
            throws IOException {
        SegmentLog log = new SegmentLog(settings, io);
        try {
            return new Opened(log, log.recover(emptyBase, lastSegment));
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** What {@link #open} found. */
    record Opened(SegmentLog log, boolean tornTailCut) {}

    private boolean recover(long emptyBase, FrameVisitor lastSegment) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                OptionalLong base = Segment.baseOf(name);
                if (base.isPresent()) {
                    segments.add(Segment.existing(p, base.getAsLong(), Files.size(p)));
                } else if (name.endsWith(StorageIo.TEMP_SUFFIX)) {
                    leftovers.add(p);
                }
            }
        }
        for (Path p : leftovers) {
            Logger.info("Deleting {} left by an interrupted write", p);
            Files.deleteIfExists(p);
        }
        segments.sort((a, b) -> Long.compareUnsigned(a.base, b.base));
        for (Segment s : segments) {
            if (!s.headerIntact()) {
                Logger.warn("Header of {} is damaged; reading its records with the base from its name", s.path);
            }
            s.close(); // reopened when delivery reaches it: one descriptor per segment would add up
        }
        if (segments.isEmpty()) {
            segments.add(Segment.create(directory, emptyBase, io));
            return false;
        }
        Segment last = segments.getLast();
        if (last.size < Segment.HEADER_BYTES) {
            // Cannot happen with the create protocol (temp file + rename); rebuild rather than refuse.
            Logger.warn("{} is shorter than its header: recreating it", last.path);
            last.close();
            Files.delete(last.path);
            segments.set(segments.size() - 1, Segment.create(directory, last.base, io));
            return false;
        }
        return cutTornTail(last, lastSegment);
    }

    /** Scans the last segment, showing each valid frame; cuts a torn tail and returns whether there was one. */
    private boolean cutTornTail(Segment last, FrameVisitor visitor) throws IOException {
        long offset = Segment.HEADER_BYTES;
        while (true) {
            Segment.Frame frame = last.readFrame(offset, last.size);
            if (frame instanceof Segment.Frame.End) {
                return false;
            }
            if (frame instanceof Segment.Frame.Valid valid) {
                visitor.frame(valid.payload(), last.base);
                offset = valid.next();
                continue;
            }
            long resumed = last.resync(offset, last.size);
            if (resumed >= 0) {
                offset = resumed; // a damaged frame in the middle: delivery skips and counts it
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
            return true;
        }
    }

    Segment first() {
        return segments.getFirst();
    }

    Segment last() {
        return segments.getLast();
    }

    /** The segment at {@code index}, oldest first. */
    Segment get(int index) {
        return segments.get(index);
    }

    /** The index of {@code segment}, or -1 once it is deleted. */
    int indexOf(Segment segment) {
        return segments.indexOf(segment);
    }

    int segmentCount() {
        return segments.size();
    }

    /** Bytes the segment files take. */
    long diskBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size;
        }
        return total;
    }

    /** Whether a frame of {@code frameBytes} goes to a new segment: it would pass the segment size of a non-empty one. */
    boolean isFullFor(int frameBytes) {
        Segment last = segments.getLast();
        return last.size + frameBytes > segmentBytes && last.size > Segment.HEADER_BYTES;
    }

    /**
     * Creates the segment file starting at {@code base}, atomically ({@link Segment#create}); {@link #adopt} makes
     * it the last. Touches no state of the log, so the queue runs its fsyncs outside its lock.
     */
    Segment createSegment(long base) throws IOException {
        return Segment.create(directory, base, io);
    }

    /** Makes {@code created} the last segment; the previous last is complete and synced, and its file is closed. */
    void adopt(Segment created) {
        segments.getLast().close();
        segments.add(created);
    }

    /** Writes {@code frame} at the end of the last segment (to the page cache; {@link #tailChannel} syncs it). */
    void append(ByteBuffer frame) throws IOException {
        Segment last = segments.getLast();
        int bytes = frame.remaining();
        io.write(last.channel(true), frame, last.size);
        last.size += bytes;
    }

    /** Where the next frame goes: the size of the last segment. */
    long tailSize() {
        return segments.getLast().size;
    }

    /**
     * Forgets what was appended to the last segment after {@code size}. If the file cannot be truncated, the bytes
     * past {@code size} are overwritten by the next append, or cut as a torn tail at the next open.
     */
    void truncateTail(long size) {
        Segment last = segments.getLast();
        last.size = size;
        try {
            last.channel(true).truncate(size);
        } catch (IOException e) {
            Logger.debug("Could not truncate {} after a failed append: {}", last.path, e);
        }
    }

    /**
     * The last segment's channel, for {@link #sync}. Taken holding the queue's lock; the sync may run without it:
     * only the appender changes the last segment, and closes its channel only after the sync, at a rotation.
     */
    FileChannel tailChannel() throws IOException {
        return segments.getLast().channel(true);
    }

    /** Syncs what was appended to {@code tail} ({@code fdatasync}): it reaches the device. */
    void sync(FileChannel tail) throws IOException {
        io.force(tail);
    }

    /** Whether {@code frameBytes} more would take the segments past the disk budget while an older one could go. */
    boolean overBudget(int frameBytes) {
        return diskBytes() + frameBytes > diskBudgetBytes && segments.size() > 1;
    }

    long diskBudgetBytes() {
        return diskBudgetBytes;
    }

    /** Where the oldest segment's sequences end: the base of the next one. Only when there are two or more. */
    long oldestEnd() {
        return segments.get(1).base;
    }

    /** Deletes the oldest segment, never the last. */
    void deleteOldest() throws IOException {
        if (segments.size() < 2) {
            throw new IllegalStateException("the last segment is never deleted");
        }
        Segment oldest = segments.removeFirst();
        oldest.close();
        Files.deleteIfExists(oldest.path);
    }

    /** Deletes the segments, never the last, whose every sequence is before {@code head}. */
    void deleteConsumed(long head) {
        while (segments.size() > 1 && segments.get(1).base <= head) {
            Path oldest = segments.getFirst().path;
            try {
                deleteOldest();
            } catch (IOException e) {
                Logger.warn("Cannot delete acknowledged segment {}: {}", oldest, e);
                return;
            }
        }
    }

    /** Closes every segment file; never throws. */
    void close() {
        segments.forEach(Segment::close);
    }
}
