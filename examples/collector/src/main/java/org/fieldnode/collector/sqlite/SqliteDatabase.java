// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoreIntegrityException;
import org.fieldnode.collector.jdbc.ConnectionWork;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.tinylog.Logger;

/**
 * One SQLite file of the collector ({@code collector.db}, {@code enrolment.db}) and the transactions on it: the
 * helper every SQLite store class of this package shares instead of a lock lent from one to another.
 *
 * <p><b>Writing.</b> One writing connection, handed to one piece of work at a time under this database's lock:
 * {@link #transaction} wraps the work in {@code BEGIN IMMEDIATE ... COMMIT} (rolled back when the work throws or asks
 * for it), {@link #withConnection} runs it in auto-commit (work that reads and writes only when something changed).
 * Auto-commit stays on between transactions, so SQLite's write lock is held only while a transaction runs, never
 * between them: another process (a {@code fieldnode collector} command) can write in between, ordered by SQLite's
 * locking and the busy timeout.
 *
 * <p><b>Reading.</b> {@link #read} opens a read-only connection of its own for each query: in WAL mode it sees the
 * last committed state and neither waits for the writer nor holds it up.
 *
 * <p><b>Failures.</b> An {@link SQLException} becomes one {@link StoreException} naming the file and what failed;
 * SQLite's codes for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) make it a {@link StoreIntegrityException}, so
 * that the collector records an integrity event (SECURITY R29).
 */
final class SqliteDatabase implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 5_000;

    /** SQLite's primary result codes for a damaged database (sqlite.org/rescode.html). */
    private static final int SQLITE_CORRUPT = 11;

    private static final int SQLITE_NOTADB = 26;

    /** Work on the writing connection, under the database's lock. */
    @FunctionalInterface
    interface Work<T> {
        T run(Writer writer) throws SQLException, StoreException;
    }

    /** A query on a read-only connection of its own. */
    @FunctionalInterface
    interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Migrations migrations;
    private final String url;
    private final Connection connection; // null when read-only
    private final Object lock = new Object();
    private final Writer writer;
    private volatile boolean closed;

    private SqliteDatabase(Path file, Migrations migrations, Connection connection) {
        this.file = file;
        this.migrations = migrations;
        this.url = "jdbc:sqlite:" + file;
        this.connection = connection;
        this.writer = new Writer();
    }

    /**
     * The settings of a writing connection: WAL, a busy timeout, and {@code synchronous} ({@code FULL} syncs the
     * write-ahead log at every commit, so a commit survives a power cut as well as a crash).
     */
    static SQLiteConfig writing(SynchronousMode synchronous) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    /**
     * Opens {@code file} for reading and writing with {@code config}, creating it and bringing its schema up to
     * date with {@code migrations}.
     *
     * @throws SQLException when the file cannot be opened or migrated
     * @throws IllegalStateException when the file was written by a newer fieldnode
     */
    static SqliteDatabase open(Path file, SQLiteConfig config, Migrations migrations) throws SQLException {
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try {
            migrations.migrate(connection, file.toString());
            return new SqliteDatabase(file, migrations, connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * {@code file} for queries only: nothing is created or migrated, and every write fails. The file is opened by
     * each query; the caller checks first that it exists, so that no query creates it.
     */
    static SqliteDatabase openReadOnly(Path file, Migrations migrations) {
        return new SqliteDatabase(file, migrations, null);
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE ... COMMIT} transaction on the writing connection: committed
     * when it returns, rolled back when it throws or called {@link Writer#rollbackOnly}.
     *
     * @param failure what the store says when SQLite fails, e.g. "cannot set the configuration of D"
     * @throws StoreException what {@code work} threw, or {@code failure} for an {@link SQLException}
     */
    <T> T transaction(String failure, Work<T> work) throws StoreException {
        synchronized (lock) {
            Connection c = writable();
            try {
                begin(c);
                writer.rollbackOnly = false;
                T result = work.run(writer);
                if (writer.rollbackOnly) {
                    rollbackQuietly(c);
                } else {
                    commit(c);
                }
                return result;
            } catch (StoreException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw failure(failure, e);
            }
        }
    }

    /**
     * Runs {@code work} on the writing connection in auto-commit, each statement its own transaction: for work
     * that reads and writes only when something changed (one sync per change, not per call).
     */
    <T> T withConnection(String failure, Work<T> work) throws StoreException {
        synchronized (lock) {
            writable();
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw failure(failure, e);
            }
        }
    }

    /**
     * SQLite's {@code PRAGMA data_version} on the writing connection: it moves whenever another connection (another
     * process) commits to the file, and not for this connection's own commits. Only inside work on the writing
     * connection ({@link #withConnection}, {@link #transaction}).
     */
    long dataVersion() throws SQLException {
        synchronized (lock) {
            try (ResultSet rs = writer.prepared("PRAGMA data_version").executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Runs {@code query} on a read-only connection of its own. */
    <T> T read(String failure, Query<T> query) throws StoreException {
        try (Connection c = reader()) {
            return query.run(c);
        } catch (SQLException e) {
            throw failure(failure, e);
        }
    }

    /** Runs {@code work} that only reads on a read-only connection of its own; its StoreException passes through. */
    <T> T query(String failure, ConnectionWork<T> work) throws StoreException {
        try (Connection c = reader()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(failure, e);
        }
    }

    /** A new read-only connection; the caller closes it. */
    Connection reader() throws SQLException {
        if (closed) {
            throw new SQLException("store is closed");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection(url);
    }

    /**
     * {@code "FILE: failure: SQLite's message"}, an {@link StoreIntegrityException} when SQLite found the file
     * damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
     */
    StoreException failure(String failure, SQLException e) {
        String message = file + ": " + failure + ": " + e.getMessage();
        int primary = e.getErrorCode() & 0xFF;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            return new StoreIntegrityException(message, e);
        }
        return new StoreException(message, e);
    }

    /** Closes the writing connection (SQLite then checkpoints the WAL into the file); idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            writer.statements.values().forEach(SqliteDatabase::closeQuietly);
            writer.statements.clear();
            if (connection != null) {
                closeQuietly(connection);
                Logger.info("{} {} closed", migrations.name(), file);
            }
        }
    }

    private Connection writable() throws StoreException {
        if (connection == null) {
            throw new StoreException(file + ": opened read-only");
        }
        if (closed) {
            throw new StoreException(file + ": store is closed");
        }
        return connection;
    }

    /**
     * The writing connection while one piece of work holds the database's lock, with the statements it prepared
     * once and the steps of its transaction.
     */
    final class Writer {
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        private boolean rollbackOnly;

        private Writer() {}

        /** The connection; valid only inside the work it was given to. */
        Connection connection() {
            return connection;
        }

        /** {@code sql} prepared once on the writing connection and kept until the database closes. */
        PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        /** The {@link #transaction} ends with a rollback instead of a commit: nothing of it is kept. */
        void rollbackOnly() {
            rollbackOnly = true;
        }

        /** Rolls back everything the transaction did so far and begins it again. */
        void restart() throws SQLException {
            rollbackQuietly(connection);
            begin(connection);
        }

        /**
         * Runs {@code work} inside {@code SAVEPOINT}: when it throws, only what it did is rolled back and the
         * transaction goes on.
         */
        <T> T savepoint(Work<T> work) throws SQLException, StoreException {
            execute(connection, "SAVEPOINT work");
            try {
                T result = work.run(this);
                execute(connection, "RELEASE work");
                return result;
            } catch (SQLException | StoreException | RuntimeException e) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK TO work");
                    s.execute("RELEASE work");
                }
                throw e;
            }
        }
    }

    static void begin(Connection c) throws SQLException {
        execute(c, "BEGIN IMMEDIATE");
    }

    static void commit(Connection c) throws SQLException {
        execute(c, "COMMIT");
    }

    static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException e) {
            // e.g. BEGIN itself failed, so there is no transaction to roll back
            Logger.debug("SQLite rollback: {}", e.getMessage());
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            Logger.warn("SQLite database did not close cleanly: {}", e.getMessage());
        }
    }
}
