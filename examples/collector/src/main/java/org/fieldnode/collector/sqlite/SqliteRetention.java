// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.PreparedStatement;
import java.time.Instant;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.Columns;

/**
 * Retention in {@code collector.db}: deletes readings observed before a cutoff in chunks of {@value #CHUNK} rows,
 * one transaction each, so that ingest, which waits for the same writing connection, is never held up long. The
 * health history goes with them; devices stay listed.
 */
final class SqliteRetention {
    private static final int CHUNK = 10_000;

    private final SqliteDatabase database;

    SqliteRetention(SqliteDatabase database) {
        this.database = database;
    }

    /** Deletes what was observed before {@code cutoff}; returns how many readings went. */
    long deleteObservedBefore(Instant cutoff) throws StoreException {
        long before = Columns.micros(cutoff);
        long deleted = 0;
        while (true) {
            int chunk = database.transaction("cannot delete old readings", w -> {
                int rows;
                try (PreparedStatement delete = w.connection()
                        .prepareStatement("DELETE FROM readings WHERE rowid IN"
                                + " (SELECT rowid FROM readings WHERE time_us < ? LIMIT ?)")) {
                    delete.setLong(1, before);
                    delete.setInt(2, CHUNK);
                    rows = delete.executeUpdate();
                }
                if (rows == 0) {
                    try (PreparedStatement history =
                            w.connection().prepareStatement("DELETE FROM health WHERE time_us < ?")) {
                        history.setLong(1, before);
                        history.executeUpdate();
                    }
                }
                return rows;
            });
            deleted += chunk;
            if (chunk == 0) {
                return deleted;
            }
        }
    }
}
