// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.fieldnode.collector.jdbc.Columns.setNullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.DeviceHealth;
import org.fieldnode.collector.ReadingContent;
import org.fieldnode.collector.ReadingIngest;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.collector.jdbc.ReadingColumns;
import org.fieldnode.collector.sqlite.SqliteDatabase.Writer;
import org.tinylog.Logger;

/**
 * The ingest writer of {@code collector.db}: every batch, or every group of batches ({@code GroupCommit}), is one
 * {@code BEGIN IMMEDIATE} transaction on the database's writing connection, with its statements prepared once.
 *
 * <p>A batch goes in as one multi-row {@code INSERT ... ON CONFLICT DO NOTHING} (up to {@value #ROWS_PER_INSERT}
 * rows per statement): one step of the SQLite VM per batch instead of one per reading. When fewer rows went in than
 * were sent, some were stored before (a retransmission, or a conflict): the transaction is done again reading by
 * reading, and a reading that was stored before is compared with the stored row ({@link
 * ReadingContent#checkRetransmission}, SECURITY R28). Health readings also update their device's row and the health
 * history.
 */
final class SqliteIngest implements ReadingIngest {
    private static final String SEEN = """
            INSERT INTO devices (id, first_seen_us, last_seen_us) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seen_us = max(last_seen_us, excluded.last_seen_us)""";
    private static final String INSERT_INTO = """
            INSERT INTO readings (device, sequence, name, time_us, unit, received_us, time_quality, digest,
                value_type, value, text_value, bool_value, data_value, sum)
            VALUES\s""";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int ROW_PARAMETERS = 14;

    /** Rows of one {@code INSERT} at most (14 parameters each; SQLite allows 32,766): a longer batch takes more. */
    static final int ROWS_PER_INSERT = 16;

    /** {@code INSERTS[n]}: the {@code INSERT} of n rows, 1 to {@value #ROWS_PER_INSERT}. */
    private static final String[] INSERTS = new String[ROWS_PER_INSERT + 1];

    static {
        for (int n = 1; n <= ROWS_PER_INSERT; n++) {
            INSERTS[n] = INSERT_INTO + String.join(", ", Collections.nCopies(n, ROW)) + " ON CONFLICT DO NOTHING";
        }
    }

    private static final String STORED =
            "SELECT " + ReadingColumns.SELECT + ", digest" + " FROM readings WHERE device = ? AND sequence = ?";
    private static final String STORED_UNSEQUENCED = "SELECT " + ReadingColumns.SELECT + ", digest"
            + " FROM readings WHERE device = ? AND name = ? AND unit = ? AND time_us = ? AND sequence IS NULL";

    private final SqliteDatabase database;

    SqliteIngest(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        IncomingBatch.checkDevice(device, batch);
        IncomingBatch incoming = new IncomingBatch(device, receivedAt, batch);
        return database.transaction("batch of " + batch.size() + " reading(s) not stored", w -> {
            try {
                return insertAll(w, incoming);
            } catch (StoredBefore e) {
                w.restart();
                return insertEach(w, incoming);
            }
        });
    }

    /**
     * One {@code BEGIN IMMEDIATE ... COMMIT} for the whole group, so one sync of the write-ahead log for all of its
     * batches (group commit). When a batch fails, the group is rolled back and done again with each batch inside
     * its own {@code SAVEPOINT}: the failing batch is rolled back to its savepoint alone and the others go on.
     */
    @Override
    public List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        for (IncomingBatch batch : batches) {
            IncomingBatch.checkDevice(batch.device(), batch.readings());
        }
        try {
            return database.transaction("group of " + batches.size() + " batch(es) not stored", w -> {
                List<GroupOutcome> outcomes = new ArrayList<>(batches.size());
                // Optimistic: the whole group without savepoints (two statements fewer per batch), each batch one
                // multi-row insert. Only when a batch fails or was partly stored before is the group done again,
                // each batch in its own savepoint and reading by reading.
                try {
                    for (IncomingBatch batch : batches) {
                        outcomes.add(new GroupOutcome.Added(insertAll(w, batch)));
                    }
                } catch (SQLException | StoreException e) {
                    Logger.debug(
                            "Group of {} batch(es) again batch by batch (a retransmission or a failure): {}",
                            batches.size(),
                            e.getMessage());
                    w.restart();
                    outcomes.clear();
                    for (IncomingBatch batch : batches) {
                        outcomes.add(insertAtSavepoint(w, batch));
                    }
                }
                return outcomes;
            });
        } catch (StoreException e) {
            return GroupOutcome.failedAll(batches.size(), e);
        }
    }

    /**
     * One batch inside its own savepoint: as one multi-row insert when its readings are all new, else (rolled back to
     * the savepoint) reading by reading. So a retransmission in a group costs that group one redo, not a redo
     * reading by reading of every batch in it.
     */
    private GroupOutcome insertAtSavepoint(Writer w, IncomingBatch batch) {
        try {
            try {
                return new GroupOutcome.Added(w.savepoint(inner -> insertAll(inner, batch)));
            } catch (StoredBefore partly) {
                return new GroupOutcome.Added(w.savepoint(inner -> insertEach(inner, batch)));
            }
        } catch (SequenceConflictException conflict) {
            return new GroupOutcome.Conflicted(conflict);
        } catch (StoreException failed) {
            return new GroupOutcome.Failed(failed);
        } catch (SQLException e) {
            return new GroupOutcome.Failed(database.failure(
                    "batch of " + batch.readings().size() + " reading(s) of " + batch.device() + " not stored", e));
        }
    }

    /**
     * The whole batch, {@value #ROWS_PER_INSERT} rows per statement, inside the caller's transaction: every reading
     * is new, the common case.
     *
     * @throws StoredBefore when a statement stored fewer rows than it had: some were stored before, and the caller
     *     must roll back and go through {@link #insertEach} (an {@link SQLException}, so that a group falls back as it
     *     does when a statement fails)
     */
    private List<StoredReading> insertAll(Writer w, IncomingBatch batch) throws SQLException, StoreException {
        long received = seen(w, batch);
        List<StoredReading> readings = batch.readings();
        for (int from = 0; from < readings.size(); from += ROWS_PER_INSERT) {
            int to = Math.min(readings.size(), from + ROWS_PER_INSERT);
            PreparedStatement insert = w.prepared(INSERTS[to - from]);
            for (int i = from; i < to; i++) {
                bind(
                        insert,
                        (i - from) * ROW_PARAMETERS + 1,
                        readings.get(i),
                        batch.digests().get(i),
                        received);
            }
            if (insert.executeUpdate() != to - from) {
                throw new StoredBefore();
            }
        }
        recordHealth(w, batch.device(), received, readings);
        return readings;
    }

    /**
     * The batch's inserts one reading at a time inside the caller's transaction; the readings newly stored, in batch
     * order. A reading whose (device, sequence) is stored already is compared with it (SECURITY R28): the same
     * content is a retransmission, other content a {@link SequenceConflictException}, and a stored row whose columns
     * no longer give its digest a {@code StoreIntegrityException}. On either exception the caller rolls the batch
     * back.
     */
    private List<StoredReading> insertEach(Writer w, IncomingBatch batch) throws SQLException, StoreException {
        long received = seen(w, batch);
        List<StoredReading> added = new ArrayList<>(batch.readings().size());
        PreparedStatement insert = w.prepared(INSERTS[1]);
        for (int i = 0; i < batch.readings().size(); i++) {
            StoredReading r = batch.readings().get(i);
            byte[] digest = batch.digests().get(i);
            bind(insert, 1, r, digest, received);
            if (insert.executeUpdate() == 1) {
                added.add(r);
            } else {
                checkRetransmission(w.prepared(r.sequenced() ? STORED : STORED_UNSEQUENCED), r, digest);
            }
        }
        recordHealth(w, batch.device(), received, added);
        return added;
    }

    /** Marks the batch's device as seen; its receive time in microseconds. */
    private static long seen(Writer w, IncomingBatch batch) throws SQLException {
        long received = Columns.micros(batch.receivedAt());
        PreparedStatement seen = w.prepared(SEEN);
        seen.setString(1, batch.device());
        seen.setLong(2, received);
        seen.setLong(3, received);
        seen.executeUpdate();
        return received;
    }

    /** The {@value #ROW_PARAMETERS} columns of one row of {@link #INSERTS}, from parameter {@code first} on. */
    private static void bind(PreparedStatement insert, int first, StoredReading r, byte[] digest, long received)
            throws SQLException {
        insert.setString(first, r.device());
        if (r.sequenced()) {
            insert.setLong(first + 1, r.sequence());
        } else {
            insert.setNull(first + 1, Types.INTEGER);
        }
        insert.setString(first + 2, r.name());
        insert.setLong(first + 3, Columns.micros(r.time()));
        insert.setString(first + 4, r.unit());
        insert.setLong(first + 5, received);
        insert.setString(first + 6, r.timeQuality().code());
        insert.setBytes(first + 7, digest);
        ReadingColumns.bind(insert, first + 8, r);
    }

    /** A multi-row insert stored fewer rows than it had: the batch must go reading by reading. */
    private static final class StoredBefore extends SQLException {
        private static final long serialVersionUID = 1L;

        StoredBefore() {
            super("readings of the batch were stored before");
        }
    }

    /** {@code again} came under a stored (device, sequence): passes only when it is a retransmission of it. */
    private void checkRetransmission(PreparedStatement stored, StoredReading again, byte[] digest)
            throws SQLException, StoreException {
        stored.setString(1, again.device());
        if (again.sequenced()) {
            stored.setLong(2, again.sequence());
        } else {
            stored.setString(2, again.name());
            stored.setString(3, again.unit());
            stored.setLong(4, Columns.micros(again.time()));
        }
        try (ResultSet rs = stored.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("reading " + again.sequence() + " of " + again.device() + " vanished");
            }
            StoredReading row = ReadingColumns.reading(rs);
            ReadingContent.checkRetransmission(row, rs.getBytes(13), again, digest, database.file());
        }
    }

    private static void recordHealth(Writer w, String device, long received, List<StoredReading> added)
            throws SQLException {
        Optional<DeviceHealth> health = DeviceHealth.of(added);
        if (health.isPresent()) {
            recordHealth(w, device, received, health.get());
        }
    }

    private static void recordHealth(Writer w, String device, long received, DeviceHealth h) throws SQLException {
        try (PreparedStatement history = w.connection().prepareStatement("""
                INSERT INTO health (device, time_us, received_us, state, queue_depth, dropped, battery, battery_unit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            history.setString(1, device);
            history.setLong(2, Columns.micros(h.time()));
            history.setLong(3, received);
            setNullable(history, 4, h.state());
            setNullable(history, 5, h.queueDepth());
            setNullable(history, 6, h.dropped());
            setNullable(history, 7, h.battery());
            history.setString(8, h.batteryUnit());
            history.executeUpdate();
        }
        // Latest delivered wins: a node delivers its queue oldest first. Fields the batch lacks keep their value.
        try (PreparedStatement latest = w.connection().prepareStatement("""
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
            latest.setLong(7, Columns.micros(h.time()));
            latest.setString(8, device);
            latest.executeUpdate();
        }
    }
}
