// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoreIntegrityException;
import org.tinylog.Logger;

/**
 * One PostgreSQL database that every collector of a cluster shares, and the transactions on it: the helper every
 * class of this package uses. Connections are kept in a small pool (opened on demand, at most {@link #POOL} idle)
 * and each piece of work gets one to itself; there is no lock in this process, since several processes write the
 * same rows: PostgreSQL's row locks and unique indexes order them (postgresql.org/docs/current/mvcc.html).
 *
 * <p><b>Durability.</b> {@code synchronous_commit} is left on (the server's default): a commit returns once the
 * server has flushed its write-ahead log, so the collector acknowledges only what survives a crash of the server.
 *
 * <p><b>Failures.</b> An {@link SQLException} becomes one {@link StoreException} naming the database and what
 * failed; SQLSTATE class XX (internal error, e.g. {@code XX001 data_corrupted}) makes it a {@link
 * StoreIntegrityException} (SECURITY R29).
 */
final class PostgresDatabase implements AutoCloseable {
    /** Idle connections kept for the next piece of work. */
    static final int POOL = 8;

    /** Work on a connection of its own; in a transaction when given to {@link #transaction}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, StoreException;
    }

    private final PostgresLocation location;
    private final Properties login;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;

    private PostgresDatabase(PostgresLocation location) {
        this.location = location;
        this.login = new Properties();
        login.setProperty("user", location.user());
        login.setProperty("password", location.password());
        login.setProperty("ApplicationName", "fieldnode-collector");
        login.setProperty("sslmode", location.sslMode());
        location.sslRootCert().ifPresent(file -> login.setProperty("sslrootcert", file.toString()));
        // Every statement the store runs is prepared the same way over and over: server-side at once.
        login.setProperty("prepareThreshold", "1");
        login.setProperty("connectTimeout", "10");
        login.setProperty("tcpKeepAlive", "true");
        // A member that dies without closing its connections (power cut, network partition) would leave its open
        // transaction and the devices' row locks on the server until TCP gives up, hours later, and every other
        // member's commits touching those devices would wait as long. So the server ends a transaction of ours that
        // sits idle for IDLE_TRANSACTION (its members' transactions never wait on anything but the database), no
        // statement waits more than LOCK_WAIT for a lock, and no reply is awaited for more than SOCKET_TIMEOUT.
        login.setProperty(
                "options",
                "-c idle_in_transaction_session_timeout=" + IDLE_TRANSACTION.toMillis() + " -c lock_timeout="
                        + LOCK_WAIT.toMillis());
        login.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    }

    /** How long the server keeps a transaction of a member that stopped talking (see the constructor). */
    static final Duration IDLE_TRANSACTION = Duration.ofSeconds(30);

    /** How long a statement waits for a row lock before its transaction fails (the batches get 5.03). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    /** How long a reply from the server may take (a schema step on a large table is the slowest). */
    static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Connects to {@code location} and brings both schemas (readings, enrolment) up to date.
     *
     * @throws StoreException when the server cannot be reached, refuses the login, or has a newer schema
     */
    static PostgresDatabase open(PostgresLocation location) throws StoreException {
        PostgresDatabase database = new PostgresDatabase(location);
        try {
            database.transaction("cannot migrate the schema", c -> {
                PostgresSchema.migrate(c, location.url());
                return null;
            });
            return database;
        } catch (StoreException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    PostgresLocation location() {
        return location;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param failure what the store says when the database fails, e.g. "cannot set the configuration of D"
     */
    <T> T transaction(String failure, Work<T> work) throws StoreException {
        Connection c = take(failure);
        boolean healthy = false;
        try {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | StoreException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost); // a connection the server ended cannot roll back: the first error says why
                }
                throw e;
            }
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw failure(failure, e);
        } catch (StoreException e) {
            healthy = true; // a rule said no; the connection is fine
            throw e;
        } finally {
            give(c, healthy);
        }
    }

    /** Runs {@code work} in auto-commit: each statement its own transaction (reads, single-statement changes). */
    <T> T read(String failure, Work<T> work) throws StoreException {
        Connection c = take(failure);
        boolean healthy = false;
        try {
            c.setAutoCommit(true);
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw failure(failure, e);
        } catch (StoreException e) {
            healthy = true;
            throw e;
        } finally {
            give(c, healthy);
        }
    }

    /** A connection for a long scan, the caller's until it gives it back with {@link #give}. */
    Connection take(String failure) throws StoreException {
        if (closed) {
            throw new StoreException(location.url() + ": store is closed");
        }
        synchronized (idle) {
            Connection pooled = idle.pollFirst();
            if (pooled != null) {
                return pooled;
            }
        }
        try {
            Connection c = DriverManager.getConnection(location.jdbcUrl(), login);
            // The store's rules lean on READ COMMITTED (each statement sees what others committed before it), not
            // on whatever default the server was given.
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return c;
        } catch (SQLException e) {
            throw failure(failure, e);
        }
    }

    /**
     * Returns {@code c} to the pool, or closes it when it failed or the pool is full. A connection that was lost
     * (the server restarted, failed over or ended the session) takes the idle ones with it: they were most likely
     * lost the same way, and each would fail one more transaction before the next one opens a new session.
     */
    void give(Connection c, boolean healthy) {
        if (healthy && !closed) {
            synchronized (idle) {
                if (idle.size() < POOL) {
                    idle.addFirst(c);
                    return;
                }
            }
        }
        if (!healthy && lost(c)) {
            List<Connection> dropped;
            synchronized (idle) {
                dropped = new ArrayList<>(idle);
                idle.clear();
            }
            Logger.warn(
                    "{}: lost a database connection; {} idle one(s) dropped, the next work opens a new session",
                    location.url(),
                    dropped.size());
            dropped.forEach(PostgresDatabase::closeQuietly);
        }
        closeQuietly(c);
    }

    private static boolean lost(Connection c) {
        try {
            return c.isClosed(); // PgJDBC closes a connection whose socket failed
        } catch (SQLException e) {
            return true;
        }
    }

    /** {@code "URL: failure: PostgreSQL's message"}; an integrity failure for SQLSTATE class XX. */
    StoreException failure(String failure, SQLException e) {
        String message = location.url() + ": " + failure + ": " + e.getMessage();
        String state = e.getSQLState();
        if (state != null && state.startsWith("XX")) {
            return new StoreIntegrityException(message, e);
        }
        return new StoreException(message, e);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Closes the pooled connections; idempotent. Work in progress keeps its connection until it ends. */
    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            idle.forEach(PostgresDatabase::closeQuietly);
            idle.clear();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            Logger.debug("PostgreSQL connection did not close cleanly: {}", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return location.url();
    }
}
