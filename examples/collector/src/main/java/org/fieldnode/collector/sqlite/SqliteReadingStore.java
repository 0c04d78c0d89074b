// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingSink;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.tinylog.Logger;

/**
 * A {@link ReadingStore} in one SQLite file, {@code collector.db} (layout in {@link Schema}), in WAL mode, with the
 * desired configurations beside the readings. It puts together the parts that each do one job on one shared
 * {@link SqliteDatabase}: the ingest writer ({@link SqliteIngest}), the query reader ({@link SqliteQueries}),
 * retention ({@link SqliteRetention}) and {@link SqliteDesiredConfigs}.
 *
 * <p><b>Durability.</b> {@code synchronous=FULL}: in WAL mode SQLite then syncs the write-ahead log at every
 * commit, so a batch that {@link #storeNew} returned is on the disk before the collector acknowledges it, and
 * survives a power cut as well as a crash. With {@code NORMAL} a commit is only durable against a crash of the
 * process: a power cut could take back the last batches after the node, having its acknowledgement, deleted them
 * from its queue (ARCHITECTURE: "ACK = commit"). The price is one fsync per commit: {@link #storeNew} commits one
 * batch, {@link #storeGroup} every batch waiting at once (the serving collector's group commit, see {@code
 * GroupCommit}), which is what lets a collector keep up with many nodes on one disk.
 *
 * <p><b>Threads.</b> Ingest, retention and the desired configurations take turns on the one writing connection;
 * queries open their own read-only connection, so the web page and exports never wait for ingest nor hold it up.
 * Another process (e.g. {@code fieldnode collector export}) may read the file at the same time.
 */
public final class SqliteReadingStore implements ReadingStore {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "collector.db";

    /**
     * The writing connection's page cache (native memory, not heap): the inserts touch three b-trees (the unique
     * (device, sequence) key and two indexes) spread over every node's pages, which SQLite's default 2 MiB keeps
     * re-reading from the file once many nodes report.
     */
    private static final int WRITER_CACHE_KIB = 16 * 1024;

    private final SqliteDatabase database;
    private final SqliteIngest ingest;
    private final SqliteQueries queries;
    private final SqliteRetention retention;
    private final SqliteDesiredConfigs desiredConfigs;
    private final SqliteDeviceUpdates deviceUpdates;

    private SqliteReadingStore(SqliteDatabase database) {
        this.database = database;
        this.ingest = new SqliteIngest(database);
        this.queries = new SqliteQueries(database);
        this.retention = new SqliteRetention(database);
        this.desiredConfigs = new SqliteDesiredConfigs(database);
        this.deviceUpdates = new SqliteDeviceUpdates(database);
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
        SQLiteConfig config = SqliteDatabase.writing(synchronous);
        config.setCacheSize(-WRITER_CACHE_KIB); // negative: KiB (SQLite PRAGMA cache_size)
        // Nothing reads generated keys; without this the driver runs "SELECT last_insert_rowid()" after every insert.
        config.setGetGeneratedKeys(false);
        try {
            SqliteDatabase database = SqliteDatabase.open(file, config, Schema.MIGRATIONS);
            Logger.info("Collector store {} open (schema {}, WAL, synchronous={})", file, Schema.VERSION, synchronous);
            return new SqliteReadingStore(database);
        } catch (SQLException | IllegalStateException e) {
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
        SqliteDatabase database = SqliteDatabase.openReadOnly(file, Schema.MIGRATIONS);
        try (Connection c = database.reader()) {
            int version = Schema.version(c);
            // Version 1 files hold readings as version 2 does; only desired configurations need version 2.
            if (version < 1 || version > Schema.VERSION) {
                throw new StoreException(file + ": schema version " + version + ", this fieldnode reads version "
                        + Schema.VERSION + (version == 0 ? " (not a collector store?)" : ""));
            }
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot read the collector store: " + e.getMessage(), e);
        }
        return new SqliteReadingStore(database);
    }

    /** The database file. */
    public Path file() {
        return database.file();
    }

    /** The desired configurations (the nodes' twins) kept in the same file; for a writable store. */
    public SqliteDesiredConfigs desiredConfigs() {
        return desiredConfigs;
    }

    /** What nodes report about over-the-air updates (issue 16). */
    public SqliteDeviceUpdates deviceUpdates() {
        return deviceUpdates;
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        return ingest.storeNew(device, receivedAt, batch);
    }

    @Override
    public List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        return ingest.storeGroup(batches);
    }

    @Override
    public void scan(ReadingFilter filter, ReadingSink sink) throws IOException {
        queries.scan(filter, sink);
    }

    @Override
    public List<SeriesKey> series(ReadingFilter filter) throws StoreException {
        return queries.series(filter);
    }

    @Override
    public List<StoredReading> recent(String device, SeriesKey series, int limit) throws StoreException {
        return queries.recent(device, series, limit);
    }

    @Override
    public Optional<StoredReading> latestRepeated(String device, SeriesKey series, Duration repeat)
            throws StoreException {
        return queries.latestRepeated(device, series, repeat);
    }

    @Override
    public List<DeviceSummary> devices() throws StoreException {
        return queries.devices();
    }

    @Override
    public long count() throws StoreException {
        return queries.count();
    }

    /** Deletes in chunks, one transaction each, so ingest is never held up long ({@link SqliteRetention}). */
    @Override
    public long deleteObservedBefore(Instant cutoff) throws StoreException {
        return retention.deleteObservedBefore(cutoff);
    }

    /** Closes the writing connection; SQLite then checkpoints the WAL into the file. Idempotent. */
    @Override
    public void close() {
        database.close();
    }
}
