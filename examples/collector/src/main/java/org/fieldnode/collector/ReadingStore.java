// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;

/**
 * The collector's readings and devices: the {@link ReadingIngest} that stores batches exactly once, the {@link
 * ReadingQueries} behind exports and the web page, and retention. Implementations are thread-safe.
 *
 * <p>{@link MemoryReadingStore} keeps everything in memory (the demo); {@code sqlite.SqliteReadingStore} keeps it
 * in one SQLite file (the pilot's collector). A store in another database is a new package implementing this
 * interface and {@link DesiredConfigs} (and {@code ca.EnrolmentRecords} for the enrolment registry), under the same
 * rules: exactly once per (device, sequence), {@link ReadingContent#checkRetransmission}, one commit per group.
 */
public interface ReadingStore extends ReadingIngest, ReadingQueries, AutoCloseable {
    /**
     * Deletes readings observed before {@code cutoff} (retention). Devices stay listed.
     *
     * @return how many readings were deleted
     */
    long deleteObservedBefore(Instant cutoff) throws StoreException;

    /** Releases the store; idempotent. Never throws: a failure to close is logged. */
    @Override
    void close();
}
