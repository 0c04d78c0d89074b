// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoreIntegrityException;
import org.fieldnode.collector.StoredReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * The transaction helper the SQLite store classes share, on real files: commit, rollback, savepoints, a damaged
 * file, and ingest and desired configurations taking turns on one writing connection.
 */
class SqliteDatabaseTest {
    private static final Migrations ONE_TABLE = new Migrations(
            "Test file", List.of(List.of("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT")));
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private SqliteDatabase open() throws SQLException {
        return SqliteDatabase.open(dir.resolve("t.db"), SqliteDatabase.writing(SynchronousMode.FULL), ONE_TABLE);
    }

    private static int put(SqliteDatabase.Writer w, String key, int value) throws SQLException {
        try (PreparedStatement insert = w.connection().prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setInt(2, value);
            return insert.executeUpdate();
        }
    }

    private static List<String> keys(SqliteDatabase database) throws StoreException {
        return database.read("cannot list", c -> {
            List<String> keys = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT k FROM t ORDER BY k")) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        });
    }

    @Test
    void transaction_commitsWhatReturned_andKeepsNothingOfWhatThrewOrAskedForARollback() throws Exception {
        try (SqliteDatabase database = open()) {
            database.transaction("cannot put", w -> put(w, "a", 1) + put(w, "b", 2));
            assertThatThrownBy(() -> database.transaction("cannot put", w -> put(w, "c", 3) + put(w, "a", 9)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith(dir.resolve("t.db") + ": cannot put: ")
                    .hasMessageContaining("UNIQUE");
            assertThatThrownBy(() -> database.transaction("cannot put", w -> {
                        put(w, "d", 4);
                        throw new IllegalArgumentException("refused");
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
            int result = database.transaction("cannot put", w -> {
                put(w, "e", 5);
                w.rollbackOnly();
                return 42;
            });

            assertThat(result).isEqualTo(42);
            assertThat(keys(database)).containsExactly("a", "b");
        }
    }

    @Test
    void savepoint_undoesOnlyItsOwnWork_andTheTransactionGoesOn() throws Exception {
        try (SqliteDatabase database = open()) {
            database.transaction("cannot put", w -> {
                put(w, "a", 1);
                assertThatThrownBy(() -> w.savepoint(inner -> put(inner, "b", 2) + put(inner, "a", 9)))
                        .isInstanceOf(SQLException.class);
                return w.savepoint(inner -> put(inner, "c", 3));
            });

            assertThat(keys(database)).containsExactly("a", "c");
        }
    }

    /** SECURITY R29: SQLite's "not a database" is an integrity failure, which the collector records as an event. */
    @Test
    void aDamagedFile_isAnIntegrityFailure() throws Exception {
        Path file = dir.resolve("damaged.db");
        Files.writeString(file, "not a database, but long enough to be read as one ".repeat(100));
        SqliteDatabase database = SqliteDatabase.openReadOnly(file, ONE_TABLE);

        assertThatThrownBy(() -> database.read("cannot count", c -> Migrations.version(c)))
                .isInstanceOf(StoreIntegrityException.class)
                .hasMessageStartingWith(file + ": cannot count: ");
        assertThatThrownBy(() -> database.transaction("cannot put", w -> put(w, "a", 1)))
                .isInstanceOf(StoreException.class)
                .hasMessage(file + ": opened read-only");
    }

    @Test
    void afterClose_everyPieceOfWorkIsRefused() throws Exception {
        SqliteDatabase database = open();
        database.close();
        database.close();

        assertThatThrownBy(() -> database.transaction("cannot put", w -> put(w, "a", 1)))
                .hasMessage(dir.resolve("t.db") + ": store is closed");
        assertThatThrownBy(() -> database.withConnection("cannot put", w -> put(w, "a", 1)))
                .hasMessage(dir.resolve("t.db") + ": store is closed");
        assertThatThrownBy(() -> keys(database)).hasMessageEndingWith("store is closed");
    }

    /**
     * Ingest and the desired configurations write through the same connection from many threads at once: each
     * waits for its turn, none sees another's transaction (SQLite would refuse a BEGIN inside a BEGIN), and
     * everything is stored.
     */
    @Test
    void ingestAndDesiredConfigurations_takeTurnsOnTheWritingConnection() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME))) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String device = "n" + t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.storeNew(
                                device, T0, List.of(new StoredReading(device, "env0/temperature", i, "Cel", T0, i)));
                        store.desiredConfigs().set(device, Map.of("interval.env0", (i + 1) + "m"), T0);
                    }
                    return null;
                }));
            }
            for (Future<?> w : work) {
                w.get(60, TimeUnit.SECONDS);
            }

            assertThat(store.count()).isEqualTo(100);
            for (int t = 0; t < 4; t++) {
                assertThat(store.desiredConfigs()
                                .status("n" + t)
                                .orElseThrow()
                                .desired()
                                .orElseThrow()
                                .version())
                        .isEqualTo(25);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
