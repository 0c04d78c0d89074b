// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.tinylog.Logger;

/**
 * The schema versions of one kind of SQLite file and the steps between them. The version is SQLite's {@code PRAGMA
 * user_version} (0 in a new file); step {@code i} takes a file from version {@code i} to {@code i + 1} in one
 * transaction, so a crash during an upgrade leaves the old version intact. A file is only ever moved forward, and a
 * file of a newer version than the code knows is refused and left alone.
 *
 * @param name what the file is, for messages ("Collector store", "Enrolment registry")
 * @param steps the SQL of each step, in order: {@code steps.size()} is the version this code reads and writes
 */
record Migrations(String name, List<List<String>> steps) {
    Migrations {
        steps = List.copyOf(steps);
    }

    /** The version this code reads and writes. */
    int version() {
        return steps.size();
    }

    /** The version of the file behind {@code connection}: 0 for a new file. */
    static int version(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the file to {@link #version()}, one transaction per step.
     *
     * @throws IllegalStateException when the file is newer than this code
     */
    void migrate(Connection connection, String file) throws SQLException {
        migrate(connection, file, version());
    }

    /** Brings the file to {@code target} (at most {@link #version()}): tests make old files with it. */
    void migrate(Connection connection, String file, int target) throws SQLException {
        int version = version(connection);
        if (version > version()) {
            throw new IllegalStateException(file + " has schema version " + version + "; this collector knows up to "
                    + version() + ": run a newer fieldnode");
        }
        for (int from = version; from < target; from++) {
            SqliteDatabase.begin(connection);
            try (Statement s = connection.createStatement()) {
                for (String sql : steps.get(from)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (from + 1));
                SqliteDatabase.commit(connection);
            } catch (SQLException e) {
                SqliteDatabase.rollbackQuietly(connection);
                throw e;
            }
            Logger.info("{} {} migrated to schema version {}", name, file, from + 1);
        }
    }
}
