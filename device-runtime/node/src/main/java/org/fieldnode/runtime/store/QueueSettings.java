// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.nio.file.Path;

/**
 * Where and how {@link DurableReadingQueue} keeps readings. Validation messages name the profile keys
 * ({@code queue.directory}, {@code queue.disk-budget}, {@code queue.fsync}, {@code queue.segment-size}), so a
 * loader can report them as they are.
 *
 * @param directory the queue's own directory; created when missing, locked while the queue is open
 * @param diskBudgetBytes the most bytes the segments may take; the oldest readings are dropped beyond it. At
 *     least twice {@code segmentBytes}, so that dropping the oldest segment always makes room
 * @param fsync when appended readings are synced to the device
 * @param segmentBytes the size at which a segment file is closed and a new one started; a segment is deleted
 *     once every reading in it is acknowledged or dropped
 */
public record QueueSettings(Path directory, long diskBudgetBytes, FsyncPolicy fsync, long segmentBytes) {
    /** The default disk budget: 64 MiB, about three million readings. */
    public static final long DEFAULT_DISK_BUDGET = 64L << 20;

    /** The default segment size: 1 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 1L << 20;

    /** The smallest segment: it must hold a few records of the largest size. */
    public static final long MIN_SEGMENT_BYTES = 16L << 10;

    /** The largest segment: 256 MiB. */
    public static final long MAX_SEGMENT_BYTES = 256L << 20;

    public QueueSettings {
        if (directory == null) {
            throw new IllegalArgumentException("queue.directory: must be set");
        }
        if (fsync == null) {
            throw new IllegalArgumentException("queue.fsync: must be per-record, per-batch or interval");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("queue.segment-size: must be between " + MIN_SEGMENT_BYTES + " and "
                    + MAX_SEGMENT_BYTES + " bytes, got " + segmentBytes);
        }
        if (diskBudgetBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("queue.disk-budget: must be at least twice queue.segment-size ("
                    + 2 * segmentBytes + " bytes), got " + diskBudgetBytes);
        }
    }

    /** A 64 MiB budget in 1 MiB segments, synced per batch. */
    public static QueueSettings defaults(Path directory) {
        return new QueueSettings(directory, DEFAULT_DISK_BUDGET, FsyncPolicy.PER_BATCH, DEFAULT_SEGMENT_BYTES);
    }

    public QueueSettings withFsync(FsyncPolicy policy) {
        return new QueueSettings(directory, diskBudgetBytes, policy, segmentBytes);
    }

    public QueueSettings withDiskBudget(long bytes) {
        return new QueueSettings(directory, bytes, fsync, segmentBytes);
    }

    public QueueSettings withSegmentBytes(long bytes) {
        return new QueueSettings(directory, diskBudgetBytes, fsync, bytes);
    }
}
