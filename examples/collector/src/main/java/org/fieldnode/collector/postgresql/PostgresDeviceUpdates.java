// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.util.List;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.ConnectionWork;
import org.fieldnode.collector.jdbc.DeviceUpdateTables;

/**
 * {@link DeviceUpdates} in the {@code device_update} table of a PostgreSQL store, shared by every member: the
 * table of {@code sqlite.SqliteDeviceUpdates} (same columns, INTEGER as bigint, TEXT as text), its statements shared
 * with it ({@link DeviceUpdateTables}). Two members recording one device's report at once both upsert the same row;
 * the later one wins, as the later report does on one collector.
 */
final class PostgresDeviceUpdates extends DeviceUpdateTables {
    /** The schema step that adds the table: {@code collector} version 5, as in {@code collector.db}. */
    static final List<String> CREATE = List.of("""
            CREATE TABLE device_update (
                device text PRIMARY KEY,
                installed bigint NOT NULL,
                state text NOT NULL,
                target bigint NOT NULL,
                received bigint NOT NULL,
                reason text NOT NULL,
                reported_us bigint NOT NULL
            )""");

    private final PostgresDatabase database;

    PostgresDeviceUpdates(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    protected <T> T statements(String failure, ConnectionWork<T> work) throws StoreException {
        return database.read(failure, work::run);
    }

    @Override
    protected <T> T query(String failure, ConnectionWork<T> work) throws StoreException {
        return database.read(failure, work::run);
    }
}
