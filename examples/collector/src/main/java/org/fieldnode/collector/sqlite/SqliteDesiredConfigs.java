// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldnode.collector.DesiredConfigRow;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.DesiredConfigTables;

/**
 * {@link DesiredConfigs} in the {@code device_config} table of {@code collector.db} (layout in {@link Schema};
 * statements and rules shared with the PostgreSQL store, {@link DesiredConfigTables}), on the database's writing
 * connection, taking turns with ingest ({@link SqliteDatabase}); {@link #status} reads on a connection of its own.
 * {@code fieldnode collector config set} writes from another process; SQLite's locking (WAL, busy timeout) orders it
 * with the serving collector, which reads the new version on the next report.
 *
 * <p>{@link #exchange} runs once per acknowledged report on the collector's committing thread, so it answers from a
 * cache of the rows it has read: one map lookup instead of a query per report. The cache is dropped whenever
 * SQLite's {@code PRAGMA data_version} of the writing connection moves (another connection, such as {@code config
 * set} in another process, committed to the file), and a device's entry when this store writes its row.
 */
public final class SqliteDesiredConfigs extends DesiredConfigTables {
    private final SqliteDatabase database;

    /** The rows read, by device (empty: the device has none); valid while {@link #dataVersion} holds. */
    private final Map<String, Optional<DesiredConfigRow>> rows = new ConcurrentHashMap<>();

    private long dataVersion = -1; // only under the database's lock (inside statements)

    SqliteDesiredConfigs(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    protected Optional<DesiredConfigRow> current(Connection c, String device) throws SQLException {
        long version = database.dataVersion();
        if (version != dataVersion) {
            rows.clear();
            dataVersion = version;
        }
        Optional<DesiredConfigRow> row = rows.get(device);
        if (row == null) {
            row = row(c, device, "");
            rows.put(device, row);
        }
        return row;
    }

    @Override
    protected void recorded(String device) {
        rows.remove(device);
    }

    @Override
    protected <T> T transaction(String failure, Work<T> work) throws StoreException {
        return database.transaction(failure, w -> work.run(w.connection()));
    }

    @Override
    protected <T> T statements(String failure, Work<T> work) throws StoreException {
        return database.withConnection(failure, w -> work.run(w.connection()));
    }

    @Override
    protected <T> T query(String failure, Work<T> work) throws StoreException {
        return database.query(failure, work);
    }

    /** {@code BEGIN IMMEDIATE} holds the file's write lock already. */
    @Override
    protected String rowLock() {
        return "";
    }
}
