// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /**
     * The latest reading of a series that its node repeats at least every {@code repeat} while it reports, such as
     * the facts and the report interval of {@link HealthNames}, which nodes send again every day. It is looked for
     * within {@code 2 × repeat} before the device's own latest reading, so that a series the device never sent (a
     * place it does not share, a client that sends no facts) costs a bounded search whatever the history kept. The
     * default asks {@link #recent}, for stores whose index finds a series' latest reading directly.
     */
    default Optional<StoredReading> latestRepeated(String device, SeriesKey series, Duration repeat)
            throws StoreException {
        List<StoredReading> latest = recent(device, series, 1);
        return latest.isEmpty() ? Optional.empty() : Optional.of(latest.getFirst());
    }

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
