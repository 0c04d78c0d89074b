// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.DesiredConfigTables;

/**
 * The desired configurations in the {@code device_config} table of a PostgreSQL store ({@link DesiredConfigTables}'
 * statements), shared by every member: a {@code config set} locks the device's row ({@code SELECT ... FOR UPDATE}),
 * so two members or commands setting at once get consecutive versions.
 */
final class PostgresDesiredConfigs extends DesiredConfigTables {
    private final PostgresDatabase database;

    PostgresDesiredConfigs(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    protected <T> T transaction(String failure, Work<T> work) throws StoreException {
        return database.transaction(failure, work::run);
    }

    @Override
    protected <T> T statements(String failure, Work<T> work) throws StoreException {
        return database.read(failure, work::run);
    }

    @Override
    protected <T> T query(String failure, Work<T> work) throws StoreException {
        return database.read(failure, work::run);
    }

    @Override
    protected String rowLock() {
        return " FOR UPDATE";
    }
}
