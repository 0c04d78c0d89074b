// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

/**
 * Counters of a {@link DurableReadingQueue}. The first three count since the queue was opened; the others are
 * kept in the queue's metadata and survive restarts.
 *
 * @param bytesWritten every byte written to storage: records, segment headers and metadata
 * @param fsyncs every {@code fsync}/{@code fdatasync}: of segments, metadata files and the directory
 * @param readingsAppended readings appended
 * @param corruptRecords damaged records skipped (their readings are lost; the others are delivered)
 * @param tornTails partial or damaged records cut from the end of the last segment at open (an append that a
 *     crash interrupted)
 * @param dropped readings dropped oldest-first because the disk budget was reached
 * @param segments segment files now
 * @param diskBytes bytes the segment files take now
 */
public record QueueStats(
        long bytesWritten,
        long fsyncs,
        long readingsAppended,
        long corruptRecords,
        long tornTails,
        long dropped,
        int segments,
        long diskBytes) {

    /** Bytes written per appended reading, all overheads included; 0 before the first reading. */
    public double bytesPerReading() {
        return readingsAppended == 0 ? 0 : (double) bytesWritten / readingsAppended;
    }
}
