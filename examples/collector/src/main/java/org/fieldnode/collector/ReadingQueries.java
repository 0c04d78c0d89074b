// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of the collector's readings: exports, the device list and the web page's charts. Queries see what
 * was committed and never hold up ingest. Implementations are thread-safe.
 */
public interface ReadingQueries {
    /**
     * Hands {@code sink} every reading that passes {@code filter}, ordered by observation time, then device, then
     * sequence, without loading them all into memory.
     *
     * @throws IOException what {@code sink} threw, which ends the scan
     */
    void scan(ReadingFilter filter, ReadingSink sink) throws IOException;

    /** The distinct (name, unit) series among the readings that pass {@code filter}, sorted. */
    List<SeriesKey> series(ReadingFilter filter) throws StoreException;

    /** The latest {@code limit} readings of one series of one device, oldest first. */
    List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException;

    /** Every device ever seen, sorted by identity. */
    List<DeviceSummary> devices() throws StoreException;

    /** How many readings are stored. */
    long count() throws StoreException;

    /** How many readings are stored, for tests and the demo; a storage failure is an {@link UncheckedIOException}. */
    default int size() {
        try {
            return Math.toIntExact(count());
        } catch (StoreException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every stored reading in {@link #scan} order, loaded into memory: for tests and the demo, not for a pilot's
     * store (use {@link #scan}). A storage failure is an {@link UncheckedIOException}.
     */
    default List<StoredReading> all() {
        List<StoredReading> all = new ArrayList<>();
        try {
            scan(ReadingFilter.ALL, all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
