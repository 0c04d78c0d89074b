// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.tinylog.Logger;

/**
 * Where delivery stands in the {@link SegmentLog}: the head (the first sequence not yet acknowledged), the read
 * position of the first record not wholly acknowledged, and the counters the metadata keeps. It reads batches
 * from the head, moves the head on acknowledgement, and counts what leaves unacknowledged.
 *
 * <p>Its part of the queue's contract:
 *
 * <ul>
 *   <li><b>Sequence numbers are never reused.</b> {@link #read} returns only readings below {@code synced}, so a
 *       reading that may have reached the collector is on disk.
 *   <li><b>Nothing corrupts.</b> A damaged record is skipped and counted when reading reaches it; the readings
 *       around it are delivered, and a batch never spans the gap.
 *   <li><b>Acknowledged readings leave.</b> {@link #acknowledge} moves the head and deletes the segments it
 *       consumed; the head is persisted by {@link MetadataWriter}, at most once per second.
 *   <li><b>Bounded, dropped counted.</b> {@link #dropUntil} counts the unacknowledged readings of a segment dropped
 *       for the disk budget; the count is in the metadata and survives restarts.
 * </ul>
 *
 * <p>Every change to what the metadata holds bumps a version, so that {@link MetadataWriter} writes a snapshot only
 * when it is newer than the last one written.
 *
 * <p>Not thread-safe: called holding the queue's shared lock ({@link QueueLocks}).
 */
final class DeliveryCursor {
    private static final long DROP_WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SegmentLog log;
    private final LongSupplier ticker;
    private long head;
    private Segment segment; // with offset: before it, every record is acknowledged or damaged
    private long offset;
    private long dropped;
    private long corruptRecords;
    private final long tornTails;
    private long version;
    private long lastDropWarn;
    private long droppedSinceWarn;

    private DeliveryCursor(SegmentLog log, QueueMetadata persisted, long head, long tornTails, LongSupplier ticker) {
        this.log = log;
        this.ticker = ticker;
        this.head = head;
        this.segment = log.first();
        this.offset = Segment.HEADER_BYTES;
        this.dropped = persisted.dropped();
        this.corruptRecords = persisted.corruptRecords();
        this.tornTails = tornTails;
        this.lastDropWarn = ticker.getAsLong() - DROP_WARN_INTERVAL_NANOS;
    }

    /**
     * The cursor of a log just opened: the head is the persisted one, but never before the first segment nor past
     * {@code next}; segments wholly before it are deleted.
     *
     * @param tornTails torn tails cut since the queue was created, this open's included
     */
    static DeliveryCursor open(
            SegmentLog log, QueueMetadata persisted, long tornTails, long next, LongSupplier ticker) {
        long head = Math.min(Math.max(persisted.acknowledgedHead(), log.first().base), next);
        DeliveryCursor cursor = new DeliveryCursor(log, persisted, head, tornTails, ticker);
        log.deleteConsumed(head);
        return cursor;
    }

    long head() {
        return head;
    }

    long dropped() {
        return dropped;
    }

    /**
     * Reads up to {@code max} readings from the head, all below {@code synced}; null when there is none. Moves the
     * read position past records that are wholly acknowledged and past damaged records at the head (counting
     * them), never past a reading it returns.
     */
    Batch read(int max, long synced) throws IOException {
        int segmentIndex = log.indexOf(segment);
        if (segmentIndex < 0) { // its segment was deleted: every reading in it left
            segmentIndex = 0;
            moveTo(log.first(), Segment.HEADER_BYTES);
        }
        List<Reading> out = new ArrayList<>();
        long first = -1;
        Segment current = segment;
        long at = offset;
        boolean atCursor = true;
        while (head < synced && out.size() < max) {
            Segment.Frame frame = current.readFrame(at, current.size);
            if (frame instanceof Segment.Frame.End) {
                if (segmentIndex == log.segmentCount() - 1) {
                    break;
                }
                current = log.get(++segmentIndex);
                at = Segment.HEADER_BYTES;
                if (atCursor) {
                    moveTo(current, at);
                }
                continue;
            }
            RecordCodec.Decoded record = null;
            long after;
            if (frame instanceof Segment.Frame.Valid valid) {
                after = valid.next();
                try {
                    record = RecordCodec.decode(valid.payload(), current.base);
                } catch (CorruptRecordException e) {
                    Logger.debug("Undecodable record in {} at {}: {}", current.path, at, e.getMessage());
                }
            } else {
                long resumed = current.resync(at, current.size);
                after = resumed < 0 ? current.size : resumed;
            }
            if (record == null) {
                if (!out.isEmpty()) {
                    break; // deliver what precedes the damage first
                }
                corruptRecords++;
                version++;
                Logger.warn(
                        "Skipped a damaged record in {} at offset {} ({} bytes); {} damaged in all",
                        current.path.getFileName(),
                        at,
                        after - at,
                        corruptRecords);
                at = after;
                moveTo(current, at);
                continue;
            }
            if (record.endSequence() <= head) {
                at = after;
                if (atCursor) {
                    moveTo(current, at);
                }
                continue;
            }
            if (out.isEmpty()) {
                if (record.firstSequence() >= synced) {
                    break;
                }
                if (record.firstSequence() > head) {
                    head = record.firstSequence(); // the readings between were in damaged records
                    version++;
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
            at = after;
            atCursor = false;
        }
        return out.isEmpty() ? null : new Batch(first, out);
    }

    private void moveTo(Segment to, long at) {
        segment = to;
        offset = at;
    }

    /**
     * Moves the head to {@code end} and deletes the segments it consumed.
     *
     * @return false when the head is at or past {@code end} already (the batch was acknowledged or dropped)
     */
    boolean acknowledge(long end) {
        if (end <= head) {
            return false;
        }
        head = end;
        log.deleteConsumed(head);
        version++;
        return true;
    }

    /**
     * The oldest segment is about to be dropped for the disk budget: its unacknowledged readings, up to
     * {@code end}, leave unacknowledged. Counts them and moves the head past them; the caller persists the
     * metadata before the segment is deleted, then calls {@link #warnOfDrops}.
     *
     * @return how many readings were dropped; 0 when every reading of the segment was acknowledged already
     */
    long dropUntil(long end) {
        long lost = Math.max(0, end - Math.max(log.first().base, head));
        if (lost > 0) {
            dropped += lost;
            droppedSinceWarn += lost;
            head = end;
            version++;
        }
        return lost;
    }

    /** Warns of the readings dropped since the last warning, at most once a minute. */
    void warnOfDrops() {
        long now = ticker.getAsLong();
        if (droppedSinceWarn > 0 && now - lastDropWarn >= DROP_WARN_INTERVAL_NANOS) {
            Logger.warn(
                    "Reading queue reached its disk budget of {} bytes: dropped the {} oldest reading(s) ({} in all)",
                    log.diskBudgetBytes(),
                    droppedSinceWarn,
                    dropped);
            droppedSinceWarn = 0;
            lastDropWarn = now;
        }
    }

    /** What the metadata file should hold now, with the version of this state. */
    MetadataWriter.Snapshot snapshot() {
        return new MetadataWriter.Snapshot(new QueueMetadata(head, dropped, corruptRecords, tornTails), version);
    }
}
