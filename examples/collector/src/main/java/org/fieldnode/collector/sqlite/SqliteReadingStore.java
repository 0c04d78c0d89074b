// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.fieldnode.collector.DeviceHealth;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingContent;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoreIntegrityException;
import org.fieldnode.collector.StoredReading;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.tinylog.Logger;

/**
 * A {@link ReadingStore} in one SQLite file (layout in {@link Schema}), in WAL mode.
 *
 * <p><b>Durability.</b> {@code synchronous=FULL}: in WAL mode SQLite then syncs the write-ahead log at every
 * commit, so a batch that {@link #storeNew} returned is on the disk before the collector acknowledges it, and
 * survives a power cut as well as a crash. With {@code NORMAL} a commit is only durable against a crash of the
 * process: a power cut could take back the last batches after the node, having its acknowledgement, deleted them
 * from its queue (ARCHITECTURE: "ACK = commit"). The price is one fsync per commit: {@link #storeNew} commits one
 * batch, {@link #storeGroup} every batch waiting at once (the serving collector's group commit, see {@code
 * GroupCommit}), which is what lets a collector keep up with many nodes on one disk.
 *
 * <p><b>Threads.</b> One writing connection, used under a lock, with its two ingest statements prepared once: every
 * batch, or every group of batches, is one {@code BEGIN IMMEDIATE} transaction of {@code INSERT ... ON CONFLICT
 * (device, sequence) DO NOTHING}. Queries open their own read-only
 * connection, so the web page and exports never wait for ingest nor hold it up (WAL readers see the last
 * committed state). Another process (e.g. {@code fieldnode collector export}) may read the file at the same time.
 */
public final class SqliteReadingStore implements ReadingStore {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "collector.db";

    private static final int BUSY_TIMEOUT_MS = 5_000;

    /** SQLite's primary result codes for a damaged database (sqlite.org/rescode.html). */
    private static final int SQLITE_CORRUPT = 11;

    private static final int SQLITE_NOTADB = 26;
    private static final int DELETE_CHUNK = 10_000;

    /**
     * The writing connection's page cache (native memory, not heap): the inserts touch three b-trees (the unique
     * (device, sequence) key and two indexes) spread over every node's pages, which SQLite's default 2 MiB keeps
     * re-reading from the file once many nodes report.
     */
    private static final int WRITER_CACHE_KIB = 16 * 1024;

    private final Path file;
    private final String url;
    private final Connection writer; // null when read-only
    final Object writeLock = new Object();
    private final SqliteDesiredConfigs desiredConfigs;
    private volatile boolean closed;
    private Statements statements; // guarded by writeLock

    private SqliteReadingStore(Path file, Connection writer) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file;
        this.writer = writer;
        this.desiredConfigs = new SqliteDesiredConfigs(this);
    }

    /**
     * Opens {@code file} for reading and writing, creating it and bringing its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or was written by a newer fieldnode
     */
    public static SqliteReadingStore open(Path file) throws StoreException {
        return open(file, SynchronousMode.FULL);
    }

    /** With another sync mode: for {@code SqliteIngestBenchmark}'s comparison only. */
    static SqliteReadingStore open(Path file, SynchronousMode synchronous) throws StoreException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setCacheSize(-WRITER_CACHE_KIB); // negative: KiB (SQLite PRAGMA cache_size)
        // Nothing reads generated keys; without this the driver runs "SELECT last_insert_rowid()" after every insert.
        config.setGetGeneratedKeys(false);
        Connection writer = null;
        try {
            // Auto-commit stays on: transactions are explicit BEGIN IMMEDIATE ... COMMIT (see begin()), so the
            // write lock is held only while a batch is written, never between batches.
            writer = config.createConnection("jdbc:sqlite:" + file);
            Schema.migrate(writer, file.toString());
            Logger.info("Collector store {} open (schema {}, WAL, synchronous={})", file, Schema.VERSION, synchronous);
            return new SqliteReadingStore(file, writer);
        } catch (SQLException | IllegalStateException e) {
            closeQuietly(writer);
            throw new StoreException(file + ": cannot open the collector store: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing store for queries only: nothing is created or migrated, and every write method fails.
     *
     * @throws StoreException when the file is missing, not a collector store, or of another schema version
     */
    public static SqliteReadingStore openReadOnly(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no collector store here; start one with: fieldnode collector serve"
                    + " --data-dir " + (file.getParent() == null ? "." : file.getParent()));
        }
        SqliteReadingStore store = new SqliteReadingStore(file, null);
        try (Connection c = store.reader()) {
            int version = Schema.version(c);
            // Version 1 files hold readings as version 2 does; only desired configurations need version 2.
            if (version < 1 || version > Schema.VERSION) {
                throw new StoreException(file + ": schema version " + version + ", this fieldnode reads version "
                        + Schema.VERSION + (version == 0 ? " (not a collector store?)" : ""));
            }
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot read the collector store: " + e.getMessage(), e);
        }
        return store;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The desired configurations (the nodes' twins) kept in the same file; for a writable store. */
    public SqliteDesiredConfigs desiredConfigs() {
        return desiredConfigs;
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        checkDevice(device, batch);
        long received = micros(receivedAt);
        synchronized (writeLock) {
            Connection c = writable();
            try {
                begin(c);
                List<StoredReading> added = insert(c, device, received, batch);
                commit(c);
                return added;
            } catch (StoreException e) {
                rollbackQuietly(c);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw failed(file + ": batch of " + batch.size() + " reading(s) not stored: " + e.getMessage(), e);
            }
        }
    }

    /**
     * One {@code BEGIN IMMEDIATE ... COMMIT} for the whole group, so one sync of the write-ahead log for all of its
     * batches (group commit). When a batch fails, the group is rolled back and done again with each batch inside
     * its own {@code SAVEPOINT}: the failing batch is rolled back to its savepoint alone and the others go on.
     */
    @Override
    public List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        for (IncomingBatch batch : batches) {
            checkDevice(batch.device(), batch.readings());
        }
        List<GroupOutcome> outcomes = new ArrayList<>(batches.size());
        synchronized (writeLock) {
            Connection c;
            try {
                c = writable();
            } catch (StoreException e) {
                return failAll(batches, e);
            }
            try {
                // Optimistic: the whole group without savepoints (two statements fewer per batch). Only when a
                // batch fails is the group done again, each batch in its own savepoint.
                begin(c);
                try {
                    for (IncomingBatch batch : batches) {
                        outcomes.add(new GroupOutcome.Added(
                                insert(c, batch.device(), micros(batch.receivedAt()), batch.readings())));
                    }
                } catch (SQLException | StoreException e) {
                    Logger.debug(
                            "Group of {} batch(es) failed as a whole, again batch by batch: {}", batches.size(), e);
                    rollbackQuietly(c);
                    outcomes.clear();
                    begin(c);
                    for (IncomingBatch batch : batches) {
                        outcomes.add(insertAtSavepoint(c, batch));
                    }
                }
                commit(c);
                return outcomes;
            } catch (SQLException e) {
                rollbackQuietly(c);
                return failAll(
                        batches,
                        failed(file + ": group of " + batches.size() + " batch(es) not stored: " + e.getMessage(), e));
            }
        }
    }

    private GroupOutcome insertAtSavepoint(Connection c, IncomingBatch batch) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SAVEPOINT batch");
        }
        try {
            List<StoredReading> added = insert(c, batch.device(), micros(batch.receivedAt()), batch.readings());
            try (Statement s = c.createStatement()) {
                s.execute("RELEASE batch");
            }
            return new GroupOutcome.Added(added);
        } catch (SQLException | StoreException e) {
            // Undo this batch only; the transaction and the batches before it stay.
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK TO batch");
                s.execute("RELEASE batch");
            }
            return switch (e) {
                case SequenceConflictException conflict -> new GroupOutcome.Conflicted(conflict);
                case StoreException failed -> new GroupOutcome.Failed(failed);
                case SQLException sql ->
                    new GroupOutcome.Failed(failed(
                            file + ": batch of " + batch.readings().size() + " reading(s) of " + batch.device()
                                    + " not stored: " + sql.getMessage(),
                            sql));
                default -> throw new IllegalStateException(e);
            };
        }
    }

    /**
     * A store failure for {@code e}: an {@link StoreIntegrityException} when SQLite found the file damaged
     * (SQLITE_CORRUPT, SQLITE_NOTADB), so that the collector records an integrity event (SECURITY R29).
     */
    private static StoreException failed(String message, SQLException e) {
        int primary = e.getErrorCode() & 0xFF;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            return new StoreIntegrityException(message, e);
        }
        return new StoreException(message, e);
    }

    private static List<GroupOutcome> failAll(List<IncomingBatch> batches, StoreException e) {
        List<GroupOutcome> failed = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            failed.add(new GroupOutcome.Failed(e));
        }
        return failed;
    }

    private static void checkDevice(String device, List<StoredReading> batch) {
        for (StoredReading r : batch) {
            if (!r.device().equals(device)) {
                throw new IllegalArgumentException("reading of " + r.device() + " in a batch of " + device);
            }
        }
    }

    /**
     * The batch's inserts inside the caller's transaction; the readings newly stored, in batch order. A reading
     * whose (device, sequence) is stored already is compared with it (SECURITY R28): the same content is a
     * retransmission, other content a {@link SequenceConflictException}, and a stored row whose columns no longer
     * give its digest a {@link StoreIntegrityException}. On either exception the caller rolls the batch back.
     */
    private List<StoredReading> insert(Connection c, String device, long received, List<StoredReading> batch)
            throws SQLException, StoreException {
        Statements statements = statements(c);
        PreparedStatement seen = statements.seen();
        seen.setString(1, device);
        seen.setLong(2, received);
        seen.setLong(3, received);
        seen.executeUpdate();
        List<StoredReading> added = new ArrayList<>(batch.size());
        PreparedStatement insert = statements.insert();
        for (StoredReading r : batch) {
            byte[] digest = ReadingContent.digest(r);
            insert.setString(1, r.device());
            insert.setLong(2, r.sequence());
            insert.setString(3, r.name());
            insert.setLong(4, micros(r.time()));
            insert.setDouble(5, r.value());
            insert.setString(6, r.unit());
            insert.setLong(7, received);
            insert.setString(8, r.timeUnsynced() ? "unsynced" : "synced");
            insert.setBytes(9, digest);
            if (insert.executeUpdate() == 1) {
                added.add(r);
            } else {
                checkRetransmission(statements.stored(), r, digest);
            }
        }
        Optional<DeviceHealth> health = DeviceHealth.of(added);
        if (health.isPresent()) {
            recordHealth(c, device, received, health.get());
        }
        return added;
    }

    /**
     * {@code again} came under a stored (device, sequence): passes only when it is a retransmission of it. The stored
     * row is checked against its own digest first, so a damaged or edited reading is found whenever it is met.
     */
    private void checkRetransmission(PreparedStatement stored, StoredReading again, byte[] digest)
            throws SQLException, StoreException {
        stored.setString(1, again.device());
        stored.setLong(2, again.sequence());
        try (ResultSet rs = stored.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("reading " + again.sequence() + " of " + again.device() + " vanished");
            }
            byte[] storedDigest = rs.getBytes(6);
            StoredReading row = new StoredReading(
                    again.device(),
                    rs.getString(1),
                    rs.getDouble(4),
                    rs.getString(5),
                    instant(rs.getLong(2)),
                    again.sequence(),
                    "unsynced".equals(rs.getString(3)));
            if (storedDigest != null && !Arrays.equals(storedDigest, ReadingContent.digest(row))) {
                throw new StoreIntegrityException(file + ": stored reading " + again.sequence() + " of "
                        + again.device() + " no longer matches its digest (damaged or edited)");
            }
            if (storedDigest != null && Arrays.equals(storedDigest, digest)) {
                return;
            }
            if (!ReadingContent.sameReading(row, again)) {
                throw new SequenceConflictException(again.device(), again.sequence());
            }
        }
    }

    /** The statements of every batch, prepared once on the writing connection (under {@link #writeLock}). */
    private record Statements(PreparedStatement seen, PreparedStatement insert, PreparedStatement stored) {}

    private Statements statements(Connection c) throws SQLException {
        if (statements == null) {
            PreparedStatement seen = c.prepareStatement("""
                    INSERT INTO devices (id, first_seen_us, last_seen_us) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET last_seen_us = max(last_seen_us, excluded.last_seen_us)""");
            PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO readings (device, sequence, name, time_us, value, unit, received_us, time_quality,
                        digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device, sequence) DO NOTHING""");
            PreparedStatement stored = c.prepareStatement("SELECT name, time_us, time_quality, value, unit, digest"
                    + " FROM readings WHERE device = ? AND sequence = ?");
            statements = new Statements(seen, insert, stored);
        }
        return statements;
    }

    private static void recordHealth(Connection c, String device, long received, DeviceHealth h) throws SQLException {
        try (PreparedStatement history = c.prepareStatement("""
                INSERT INTO health (device, time_us, received_us, state, queue_depth, dropped, battery, battery_unit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            history.setString(1, device);
            history.setLong(2, micros(h.time()));
            history.setLong(3, received);
            setNullable(history, 4, h.state());
            setNullable(history, 5, h.queueDepth());
            setNullable(history, 6, h.dropped());
            setNullable(history, 7, h.battery());
            history.setString(8, h.batteryUnit());
            history.executeUpdate();
        }
        // Latest delivered wins: a node delivers its queue oldest first. Fields the batch lacks keep their value.
        try (PreparedStatement latest = c.prepareStatement("""
                UPDATE devices SET state = coalesce(?, state), queue_depth = coalesce(?, queue_depth),
                    dropped = coalesce(?, dropped), battery = coalesce(?, battery),
                    battery_unit = CASE WHEN ? IS NULL THEN battery_unit ELSE ? END, health_us = ?
                WHERE id = ?""")) {
            setNullable(latest, 1, h.state());
            setNullable(latest, 2, h.queueDepth());
            setNullable(latest, 3, h.dropped());
            setNullable(latest, 4, h.battery());
            setNullable(latest, 5, h.battery());
            latest.setString(6, h.batteryUnit());
            latest.setLong(7, micros(h.time()));
            latest.setString(8, device);
            latest.executeUpdate();
        }
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        String sql = "SELECT device, sequence, name, time_us, value, unit, time_quality FROM readings" + where
                + " ORDER BY time_us, device, sequence";
        try (Connection c = reader();
                PreparedStatement query = prepare(c, sql, args);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                sink.accept(reading(rs));
            }
        } catch (SQLException e) {
            throw failure("query readings", e);
        }
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT DISTINCT name, unit FROM readings" + where(filter, args) + " ORDER BY name, unit";
        List<SeriesKey> series = new ArrayList<>();
        try (Connection c = reader();
                PreparedStatement query = prepare(c, sql, args);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                series.add(new SeriesKey(rs.getString(1), rs.getString(2)));
            }
            return series;
        } catch (SQLException e) {
            throw failure("list series", e);
        }
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        String sql = """
                SELECT device, sequence, name, time_us, value, unit, time_quality FROM readings
                WHERE device = ? AND name = ? AND unit = ? ORDER BY time_us DESC, sequence DESC LIMIT ?""";
        List<StoredReading> newestFirst = new ArrayList<>();
        try (Connection c = reader();
                PreparedStatement query = prepare(c, sql, List.of(device, series.name(), series.unit(), limit));
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                newestFirst.add(reading(rs));
            }
            return newestFirst.reversed();
        } catch (SQLException e) {
            throw failure("read recent readings", e);
        }
    }

    @Override
    public List<DeviceSummary> devices() throws StoreException {
        String sql = """
                SELECT id, first_seen_us, last_seen_us, state, queue_depth, dropped, battery, battery_unit
                FROM devices ORDER BY id""";
        List<DeviceSummary> devices = new ArrayList<>();
        try (Connection c = reader();
                Statement query = c.createStatement();
                ResultSet rs = query.executeQuery(sql)) {
            while (rs.next()) {
                devices.add(new DeviceSummary(
                        rs.getString(1),
                        instant(rs.getLong(2)),
                        instant(rs.getLong(3)),
                        Optional.ofNullable(rs.getString(4)),
                        optionalLong(rs, 5),
                        optionalLong(rs, 6),
                        optionalDouble(rs, 7),
                        rs.getString(8)));
            }
            return devices;
        } catch (SQLException e) {
            throw failure("list devices", e);
        }
    }

    /** Deletes in chunks of {@value #DELETE_CHUNK} rows, one transaction each, so ingest is never held up long. */
    @Override
    public long deleteObservedBefore(Instant cutoff) throws StoreException {
        long before = micros(cutoff);
        long deleted = 0;
        while (true) {
            synchronized (writeLock) {
                Connection c = writable();
                try {
                    begin(c);
                    PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM readings WHERE rowid IN (SELECT rowid FROM readings WHERE time_us < ? LIMIT ?)");
                    delete.setLong(1, before);
                    delete.setInt(2, DELETE_CHUNK);
                    int chunk = delete.executeUpdate();
                    delete.close();
                    if (chunk == 0) {
                        try (PreparedStatement history = c.prepareStatement("DELETE FROM health WHERE time_us < ?")) {
                            history.setLong(1, before);
                            history.executeUpdate();
                        }
                    }
                    commit(c);
                    deleted += chunk;
                    if (chunk == 0) {
                        return deleted;
                    }
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    throw failure("delete old readings", e);
                }
            }
        }
    }

    @Override
    public long count() throws StoreException {
        try (Connection c = reader();
                Statement query = c.createStatement();
                ResultSet rs = query.executeQuery("SELECT count(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count readings", e);
        }
    }

    /** Closes the writing connection; SQLite then checkpoints the WAL into the file. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (statements != null) {
                closeQuietly(statements.seen());
                closeQuietly(statements.insert());
                statements = null;
            }
            if (writer != null) {
                closeQuietly(writer);
                Logger.info("Collector store {} closed", file);
            }
        }
    }

    Connection writable() throws StoreException {
        if (writer == null) {
            throw new StoreException(file + ": opened read-only");
        }
        if (closed) {
            throw new StoreException(file + ": store is closed");
        }
        return writer;
    }

    Connection reader() throws SQLException {
        if (closed) {
            throw new SQLException("store is closed");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection(url);
    }

    private StoreException failure(String what, SQLException e) {
        return failed(file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static String where(ReadingFilter filter, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        filter.device().ifPresent(d -> {
            conditions.add("device = ?");
            args.add(d);
        });
        filter.since().ifPresent(s -> {
            conditions.add("time_us >= ?");
            args.add(micros(s));
        });
        filter.until().ifPresent(u -> {
            conditions.add("time_us < ?");
            args.add(micros(u));
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }

    private static StoredReading reading(ResultSet rs) throws SQLException {
        return new StoredReading(
                rs.getString(1),
                rs.getString(3),
                rs.getDouble(5),
                rs.getString(6),
                instant(rs.getLong(4)),
                rs.getLong(2),
                "unsynced".equals(rs.getString(7)));
    }

    /** Microseconds since the epoch; SenML times carry no finer digits (see {@link Schema}). */
    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static OptionalDouble optionalDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static void setNullable(PreparedStatement s, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            s.setString(index, value.get());
        } else {
            s.setNull(index, Types.VARCHAR);
        }
    }

    private static void setNullable(PreparedStatement s, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            s.setLong(index, value.getAsLong());
        } else {
            s.setNull(index, Types.INTEGER);
        }
    }

    private static void setNullable(PreparedStatement s, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            s.setDouble(index, value.getAsDouble());
        } else {
            s.setNull(index, Types.REAL);
        }
    }

    static void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    static void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // e.g. BEGIN itself failed, so there is no transaction to roll back
            Logger.debug("Collector store rollback: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException e) {
            Logger.debug("Collector store statement close: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            Logger.warn("Collector store did not close cleanly: {}", e.getMessage());
        }
    }
}
