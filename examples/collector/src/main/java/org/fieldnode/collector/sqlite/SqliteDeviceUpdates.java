// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.util.List;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.ConnectionWork;
import org.fieldnode.collector.jdbc.DeviceUpdateTables;

/**
 * {@link DeviceUpdates} in the {@code device_update} table of {@code collector.db}: the table's creation here
 * ({@link #CREATE}, the schema step of pre-assigned version 5), its statements shared with the PostgreSQL store
 * ({@link DeviceUpdateTables}):
 *
 * <pre>
 * device_update  device TEXT PRIMARY KEY
 *                installed INTEGER       the node's u=: its installed, good release (0: the package's)
 *                state TEXT              us=: idle, downloading, stopped, installing, trial, applied, rolled_back, refused
 *                target INTEGER          ut=: the release that state is about
 *                received INTEGER        ub=: payload bytes the node kept
 *                reason TEXT             uw=: a refusal's code, a rollback's or a stop's reason ('' for none)
 *                reported_us INTEGER     when the node last changed any of these
 * </pre>
 */
public final class SqliteDeviceUpdates extends DeviceUpdateTables {
    /** The schema step that adds the table (issue 16; version 5 in the session's numbering). */
    static final List<String> CREATE = List.of("""
            CREATE TABLE device_update (
                device TEXT PRIMARY KEY,
                installed INTEGER NOT NULL,
                state TEXT NOT NULL,
                target INTEGER NOT NULL,
                received INTEGER NOT NULL,
                reason TEXT NOT NULL,
                reported_us INTEGER NOT NULL
            ) STRICT""");

    private final SqliteDatabase database;

    SqliteDeviceUpdates(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    protected <T> T statements(String failure, ConnectionWork<T> work) throws StoreException {
        return database.withConnection(failure, w -> work.run(w.connection()));
    }

    @Override
    protected <T> T query(String failure, ConnectionWork<T> work) throws StoreException {
        return database.query(failure, work);
    }
}
