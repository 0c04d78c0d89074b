// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.jdbc.EnrolmentTables;

/**
 * The enrolment registry's rows in a PostgreSQL store ({@code credentials}, {@code nodes}: the layout of {@code
 * sqlite.SqliteEnrolmentRecords}, see {@link PostgresSchema#ENROLMENT}; the statements are {@link EnrolmentTables}'),
 * shared by every member of a cluster: a bundle issued on one member enrols through any other, and a revocation on
 * one is refused by all at the next handshake. A credential is used at most once even when two members race ({@code
 * UPDATE ... WHERE state = 'unused'} takes the row lock, the second finds it used).
 */
final class PostgresEnrolmentRecords extends EnrolmentTables {
    private final PostgresDatabase database;
    private final boolean owner;

    /**
     * @param owner true when closing these records closes {@code database}
     */
    PostgresEnrolmentRecords(PostgresDatabase database, boolean owner) {
        this.database = database;
        this.owner = owner;
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
    public void close() {
        if (owner) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return database.toString();
    }
}
