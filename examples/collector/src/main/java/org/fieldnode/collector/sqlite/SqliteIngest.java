// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.fieldnode.collector.sqlite.Columns.setNullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.DeviceHealth;
import org.fieldnode.collector.ReadingContent;
import org.fieldnode.collector.ReadingIngest;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.jdbc.ReadingColumns;
import org.fieldnode.collector.sqlite.SqliteDatabase.Writer;
import org.tinylog.Logger;

/**
 * The ingest writer of {@code collector.db}: every batch, or every group of batches ({@code GroupCommit}), is one
 * {@code BEGIN IMMEDIATE} transaction of {@code INSERT ... ON CONFLICT (device, sequence) DO NOTHING} on the
 * database's writing connection, with its statements prepared once. A reading that was stored before is compared
 * with the stored row ({@link ReadingContent#checkRetransmission}, SECURITY R28). Health readings also update their
 * device's row and the health history.
 */
final class SqliteIngest implements ReadingIngest {
    private static final String SEEN = """
            INSERT INTO devices (id, first_seen_us, last_seen_us) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seen_us = max(last_seen_us, excluded.last_seen_us)""";
    private static final String INSERT = """
            INSERT INTO readings (device, sequence, name, time_us, unit, received_us, time_quality, digest,
                value_type, value, text_value, bool_value, data_value, sum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
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
        long received = Columns.micros(receivedAt);
        return database.transaction(
                "batch of " + batch.size() + " reading(s) not stored", w -> insert(w, device, received, batch));
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
                // Optimistic: the whole group without savepoints (two statements fewer per batch). Only when a
                // batch fails is the group done again, each batch in its own savepoint.
                try {
                    for (IncomingBatch batch : batches) {
                        outcomes.add(new GroupOutcome.Added(insert(w, batch)));
                    }
                } catch (SQLException | StoreException e) {
                    Logger.debug(
                            "Group of {} batch(es) failed as a whole, again batch by batch: {}", batches.size(), e);
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

    private GroupOutcome insertAtSavepoint(Writer w, IncomingBatch batch) {
        try {
            return new GroupOutcome.Added(w.savepoint(inner -> insert(inner, batch)));
        } catch (SequenceConflictException conflict) {
            return new GroupOutcome.Conflicted(conflict);
        } catch (StoreException failed) {
            return new GroupOutcome.Failed(failed);
        } catch (SQLException e) {
            return new GroupOutcome.Failed(database.failure(
                    "batch of " + batch.readings().size() + " reading(s) of " + batch.device() + " not stored", e));
        }
    }

    private List<StoredReading> insert(Writer w, IncomingBatch batch) throws SQLException, StoreException {
        return insert(w, batch.device(), Columns.micros(batch.receivedAt()), batch.readings());
    }

    /**
     * The batch's inserts inside the caller's transaction; the readings newly stored, in batch order. A reading
     * whose (device, sequence) is stored already is compared with it (SECURITY R28): the same content is a
     * retransmission, other content a {@link SequenceConflictException}, and a stored row whose columns no longer
     * give its digest a {@code StoreIntegrityException}. On either exception the caller rolls the batch back.
     */
    private List<StoredReading> insert(Writer w, String device, long received, List<StoredReading> batch)
            throws SQLException, StoreException {
        PreparedStatement seen = w.prepared(SEEN);
        seen.setString(1, device);
        seen.setLong(2, received);
        seen.setLong(3, received);
        seen.executeUpdate();
        List<StoredReading> added = new ArrayList<>(batch.size());
        PreparedStatement insert = w.prepared(INSERT);
        for (StoredReading r : batch) {
            byte[] digest = ReadingContent.digest(r);
            insert.setString(1, r.device());
            if (r.sequenced()) {
                insert.setLong(2, r.sequence());
            } else {
                insert.setNull(2, Types.INTEGER);
            }
            insert.setString(3, r.name());
            insert.setLong(4, Columns.micros(r.time()));
            insert.setString(5, r.unit());
            insert.setLong(6, received);
            insert.setString(7, r.timeQuality().code());
            insert.setBytes(8, digest);
            ReadingColumns.bind(insert, 9, r);
            if (insert.executeUpdate() == 1) {
                added.add(r);
            } else {
                checkRetransmission(w.prepared(r.sequenced() ? STORED : STORED_UNSEQUENCED), r, digest);
            }
        }
        Optional<DeviceHealth> health = DeviceHealth.of(added);
        if (health.isPresent()) {
            recordHealth(w, device, received, health.get());
        }
        return added;
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
