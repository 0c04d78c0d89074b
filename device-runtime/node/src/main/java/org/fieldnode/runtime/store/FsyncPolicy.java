// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link DurableReadingQueue} forces appended readings to the storage device ({@code fdatasync}). Each fsync
 * costs SD-card wear and a few milliseconds; each reading not yet synced can be lost by a power cut (never
 * corrupted: recovery cuts the torn tail). A reading is handed to delivery only once it is synced, so a sequence
 * number that has left the node is never reused after a power cut.
 *
 * <p>Profile key {@code queue.fsync}: {@code per-record}, {@code per-batch} or {@code interval} (with
 * {@code queue.fsync-interval}).
 */
public sealed interface FsyncPolicy {
    /** Every reading is its own record and is synced before {@code append} returns: nothing appended is lost. */
    FsyncPolicy PER_RECORD = new PerRecord();

    /** Each {@code append} call is synced once before it returns: nothing appended is lost. The default. */
    FsyncPolicy PER_BATCH = new PerBatch();

    /** Syncs at most once per {@code period}, on a background thread; see {@link Interval}. */
    static FsyncPolicy interval(Duration period) {
        return new Interval(period);
    }

    /** See {@link #PER_RECORD}. */
    record PerRecord() implements FsyncPolicy {
        @Override
        public String toString() {
            return "per-record";
        }
    }

    /** See {@link #PER_BATCH}. */
    record PerBatch() implements FsyncPolicy {
        @Override
        public String toString() {
            return "per-batch";
        }
    }

    /**
     * Appends return once the bytes are written (in the page cache); a background flush syncs them {@code period}
     * after the first unsynced append, so at most {@code 3600 s / period} data fsyncs per hour whatever the sampling
     * rate. A power cut loses at most the readings of the last {@code period}; they are never corrupted, and they
     * were never delivered (delivery sees only synced readings), so their sequence numbers are safely reused.
     *
     * @param period between 1 second and 1 hour
     */
    record Interval(Duration period) implements FsyncPolicy {
        public Interval {
            Objects.requireNonNull(period, "queue.fsync-interval");
            if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "queue.fsync-interval: must be between 1s and 1h, got " + period.toMillis() + " ms");
            }
        }

        @Override
        public String toString() {
            return "interval " + period;
        }
    }
}
