// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.DesiredConfigTables;

/**
 * {@link DesiredConfigs} in the {@code device_config} table of {@code collector.db} (layout in {@link Schema};
 * statements and rules shared with the PostgreSQL store, {@link DesiredConfigTables}), on the database's writing
 * connection, taking turns with ingest ({@link SqliteDatabase}); {@link #status} reads on a connection of its own.
 * {@code fieldnode collector config set} writes from another process; SQLite's locking (WAL, busy timeout) orders it
 * with the serving collector, which reads the new version on the next report.
 */
public final class SqliteDesiredConfigs extends DesiredConfigTables {
    private final SqliteDatabase database;

    SqliteDesiredConfigs(SqliteDatabase database) {
        this.database = database;
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
