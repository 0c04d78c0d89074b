// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The real PostgreSQL server the tests run against: {@code FIELDNODE_TEST_POSTGRES} (a store URL) and {@code
 * FIELDNODE_TEST_POSTGRES_CREDENTIALS} (a 0600 file of {@code user=} and {@code password=} lines), which {@code
 * .ci/run} sets up with Debian's package. Without them the PostgreSQL tests skip, saying so in one line. Each test
 * starts from an empty database (its {@code public} schema dropped and made again), so the role must own it.
 */
public final class TestDatabase {
    /** The line a skipped test gives. */
    public static final String HOW_TO_ENABLE =
            "PostgreSQL tests skipped: set FIELDNODE_TEST_POSTGRES=postgresql://HOST/DB"
                    + " and FIELDNODE_TEST_POSTGRES_CREDENTIALS=FILE (user=/password= lines, mode 0600), as .ci/run does";

    private static boolean told;

    private TestDatabase() {}

    /** The server's location, or the test is skipped (aborted) with {@link #HOW_TO_ENABLE}. */
    public static PostgresLocation location() {
        Optional<PostgresLocation> location = PostgresLocation.forTests(System.getenv());
        if (location.isEmpty() && !told) {
            told = true;
            System.err.println(HOW_TO_ENABLE);
        }
        assumeTrue(location.isPresent(), HOW_TO_ENABLE);
        return location.get();
    }

    /** The server's location with an empty database. */
    public static PostgresLocation empty() throws SQLException {
        PostgresLocation location = location();
        try (Connection c = connect(location);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return location;
    }

    /** A plain connection for looking at the database behind the store's back. */
    public static Connection connect(PostgresLocation location) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", location.user());
        login.setProperty("password", location.password());
        return DriverManager.getConnection(location.jdbcUrl(), login);
    }
}
