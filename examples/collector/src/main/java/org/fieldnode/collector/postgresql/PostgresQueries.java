// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingQueries;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.collector.jdbc.FilterSql;
import org.fieldnode.collector.jdbc.ReadingColumns;
import org.fieldnode.collector.jdbc.StoreSql;

/**
 * The read side of a PostgreSQL store (exports, device list, charts) and retention. Under PostgreSQL's MVCC a
 * query sees one committed snapshot and neither waits for ingest nor holds it up; a scan streams through a cursor
 * ({@value #FETCH} rows at a time) instead of loading the table.
 */
final class PostgresQueries implements ReadingQueries {
    private static final int FETCH = 1_000;
    private static final int RETENTION_CHUNK = 10_000;

    private final PostgresDatabase database;

    PostgresQueries(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + ReadingColumns.SELECT + " FROM readings" + FilterSql.where(filter, args)
                + " ORDER BY time_us, device, sequence NULLS FIRST"; // NULL first, as SQLite sorts it
        Connection c = database.take("cannot query readings");
        boolean healthy = false;
        try {
            c.setAutoCommit(false); // PgJDBC streams with a cursor only inside a transaction
            try (Statement patient = c.createStatement()) {
                // the sink (an export to a slow pipe) may keep this read-only transaction idle for a while
                patient.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
            }
            try (PreparedStatement query = FilterSql.prepare(c, sql, args)) {
                query.setFetchSize(FETCH);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(ReadingColumns.reading(rs));
                    }
                }
            } finally {
                c.rollback(); // read only: nothing to keep
            }
            healthy = true;
        } catch (SQLException e) {
            throw database.failure("cannot query readings", e);
        } finally {
            database.give(c, healthy);
        }
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        return database.read("cannot list series", c -> FilterSql.series(c, filter));
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        return database.read("cannot read recent readings", c -> {
            List<StoredReading> newestFirst = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT " + ReadingColumns.SELECT + " FROM readings"
                            + " WHERE device = ? AND name = ? AND unit = ? ORDER BY time_us DESC, sequence DESC NULLS LAST LIMIT ?")) {
                query.setString(1, device);
                query.setString(2, series.name());
                query.setString(3, series.unit());
                query.setInt(4, limit);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        newestFirst.add(ReadingColumns.reading(rs));
                    }
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

    /**
     * Deletes readings observed before {@code cutoff} in chunks of {@value #RETENTION_CHUNK}, one transaction each,
     * then the health history of that age. Any member may run it; two at once delete disjoint rows or wait.
     */
    long deleteObservedBefore(Instant cutoff) throws StoreException {
        long before = Columns.micros(cutoff);
        long deleted = 0;
        while (true) {
            int chunk = database.transaction("cannot delete old readings", c -> {
                try (PreparedStatement delete = c.prepareStatement("""
                        DELETE FROM readings WHERE ctid IN
                            (SELECT ctid FROM readings WHERE time_us < ? LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
                    delete.setLong(1, before);
                    delete.setInt(2, RETENTION_CHUNK);
                    return delete.executeUpdate();
                }
            });
            deleted += chunk;
            if (chunk == 0) {
                break;
            }
        }
        database.read("cannot delete old health figures", c -> {
            try (PreparedStatement history = c.prepareStatement("DELETE FROM health WHERE time_us < ?")) {
                history.setLong(1, before);
                return history.executeUpdate();
            }
        });
        return deleted;
    }
}
