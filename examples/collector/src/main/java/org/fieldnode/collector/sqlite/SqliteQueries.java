// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingQueries;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.jdbc.FilterSql;
import org.fieldnode.collector.jdbc.ReadingColumns;
import org.fieldnode.collector.jdbc.StoreSql;

/**
 * The query reader of {@code collector.db}: exports, the device list and the web page's charts, each query on a
 * read-only connection of its own ({@link SqliteDatabase#read}), so that they never wait for ingest nor hold it up.
 * Works on a file another process writes, too.
 */
final class SqliteQueries implements ReadingQueries {
    private static final String READING_COLUMNS = ReadingColumns.SELECT;

    private final SqliteDatabase database;

    SqliteQueries(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + READING_COLUMNS + " FROM readings" + FilterSql.where(filter, args)
                + " ORDER BY time_us, device, sequence";
        // Not through read(): the sink may throw IOException, which ends the scan as it is.
        try (Connection c = database.reader();
                PreparedStatement query = FilterSql.prepare(c, sql, args);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                sink.accept(ReadingColumns.reading(rs));
            }
        } catch (SQLException e) {
            throw database.failure("cannot query readings", e);
        }
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        return database.read("cannot list series", c -> FilterSql.series(c, filter));
    }

    /**
     * Through {@code readings_by_device}: the device's latest time (the end of its index range), then its readings of
     * the last {@code 2 × repeat} before it, newest first, until one is of the series.
     */
    @Override
    public Optional<StoredReading> latestRepeated(String device, SeriesKey series, Duration repeat)
            throws StoreException {
        String sql = "SELECT " + READING_COLUMNS + " FROM readings WHERE device = ? AND time_us >="
                + " (SELECT max(time_us) FROM readings WHERE device = ?) - ? AND name = ? AND unit = ?"
                + " ORDER BY time_us DESC LIMIT 1";
        long window = repeat.multipliedBy(2).toNanos() / 1_000;
        return database.read("cannot read the latest " + series.name() + " of " + device, c -> {
            try (PreparedStatement query =
                            FilterSql.prepare(c, sql, List.of(device, device, window, series.name(), series.unit()));
                    ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(ReadingColumns.reading(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        String sql = "SELECT " + READING_COLUMNS + " FROM readings"
                + " WHERE device = ? AND name = ? AND unit = ? ORDER BY time_us DESC, sequence DESC LIMIT ?";
        return database.read("cannot read recent readings", c -> {
            List<StoredReading> newestFirst = new ArrayList<>();
            try (PreparedStatement query =
                            FilterSql.prepare(c, sql, List.of(device, series.name(), series.unit(), limit));
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    newestFirst.add(ReadingColumns.reading(rs));
                }
            }
            return newestFirst.reversed();
        });
    }

    @Override
    public List<DeviceSummary> devices() throws StoreException {
        return database.read("cannot list devices", StoreSql::devices);
    }

    @Override
    public long count() throws StoreException {
        return database.read("cannot count readings", StoreSql::count);
    }
}
