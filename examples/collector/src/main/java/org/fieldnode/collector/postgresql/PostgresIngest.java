// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fieldnode.collector.DeviceHealth;
import org.fieldnode.collector.ReadingContent;
import org.fieldnode.collector.ReadingIngest;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.tinylog.Logger;

/**
 * The ingest writer of a PostgreSQL store. A batch is one multi-row {@code INSERT ... SELECT FROM unnest(arrays)
 * ON CONFLICT (device, sequence) DO NOTHING RETURNING sequence}: one round trip whatever its size. Readings the
 * insert did not return were stored before (by this member or another); they are read back in one query and
 * compared ({@link ReadingContent#checkRetransmission}, SECURITY R28).
 *
 * <p><b>Several members.</b> A group first marks all its devices seen, in sorted order: that takes the devices' row
 * locks in one order on every member, so two members holding batches of the same devices (a node that failed over
 * while its retransmission was in flight) wait for each other instead of deadlocking, and the second one finds the
 * first one's readings committed and compares them.
 */
final class PostgresIngest implements ReadingIngest {
    private static final String SEEN = """
            INSERT INTO devices (id, first_seen_us, last_seen_us) VALUES (?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET last_seen_us = greatest(devices.last_seen_us, excluded.last_seen_us)""";
    private static final String INSERT = """
            INSERT INTO readings (device, sequence, name, time_us, value, unit, received_us, time_quality, digest)
            SELECT ?, s, n, t, v, u, ?, q, d
            FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::float8[], ?::text[], ?::text[], ?::bytea[])
                AS batch (s, n, t, v, u, q, d)
            ON CONFLICT (device, sequence) DO NOTHING RETURNING sequence""";
    private static final String STORED = "SELECT sequence, name, time_us, time_quality, value, unit, digest"
            + " FROM readings WHERE device = ? AND sequence = ANY (?::bigint[])";

    private final PostgresDatabase database;

    PostgresIngest(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredReading> storeNew(String device, Instant receivedAt, List<StoredReading> batch)
            throws StoreException {
        IncomingBatch.checkDevice(device, batch);
        IncomingBatch incoming = new IncomingBatch(device, receivedAt, batch);
        return database.transaction("batch of " + batch.size() + " reading(s) not stored", c -> {
            seen(c, List.of(incoming));
            return insert(c, incoming);
        });
    }

    /**
     * One transaction, one commit (one flush of the server's log) for the whole group. When a batch fails, the
     * group is rolled back and done again with each batch in its own savepoint, so only that batch is lost.
     */
    @Override
    public List<GroupOutcome> storeGroup(List<IncomingBatch> batches) {
        for (IncomingBatch batch : batches) {
            IncomingBatch.checkDevice(batch.device(), batch.readings());
        }
        try {
            return database.transaction("group of " + batches.size() + " batch(es) not stored", c -> {
                List<GroupOutcome> outcomes = new ArrayList<>(batches.size());
                Savepoint start = c.setSavepoint();
                try {
                    seen(c, batches);
                    for (IncomingBatch batch : batches) {
                        outcomes.add(new GroupOutcome.Added(insert(c, batch)));
                    }
                } catch (SQLException | StoreException e) {
                    Logger.debug(
                            "Group of {} batch(es) failed as a whole, again batch by batch: {}", batches.size(), e);
                    c.rollback(start);
                    outcomes.clear();
                    seen(c, batches);
                    for (IncomingBatch batch : batches) {
                        outcomes.add(insertAtSavepoint(c, batch));
                    }
                }
                return outcomes;
            });
        } catch (StoreException e) {
            return GroupOutcome.failedAll(batches.size(), e);
        }
    }

    private GroupOutcome insertAtSavepoint(Connection c, IncomingBatch batch) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            GroupOutcome added = new GroupOutcome.Added(insert(c, batch));
            c.releaseSavepoint(savepoint);
            return added;
        } catch (SequenceConflictException conflict) {
            c.rollback(savepoint);
            return new GroupOutcome.Conflicted(conflict);
        } catch (StoreException failed) {
            c.rollback(savepoint);
            return new GroupOutcome.Failed(failed);
        } catch (SQLException e) {
            c.rollback(savepoint);
            return new GroupOutcome.Failed(database.failure(
                    "batch of " + batch.readings().size() + " reading(s) of " + batch.device() + " not stored", e));
        }
    }

    /** Marks every device of {@code batches} seen, in sorted order (the lock order every member keeps). */
    private static void seen(Connection c, List<IncomingBatch> batches) throws SQLException {
        Map<String, Long> latest = new HashMap<>();
        for (IncomingBatch batch : batches) {
            latest.merge(batch.device(), Columns.micros(batch.receivedAt()), Math::max);
        }
        try (PreparedStatement seen = c.prepareStatement(SEEN)) {
            for (String device : new TreeSet<>(latest.keySet())) {
                seen.setString(1, device);
                seen.setLong(2, latest.get(device));
                seen.setLong(3, latest.get(device));
                seen.addBatch();
            }
            seen.executeBatch();
        }
    }

    /** The batch's readings not stored before, in batch order; the others checked against what is stored. */
    private List<StoredReading> insert(Connection c, IncomingBatch batch) throws SQLException, StoreException {
        List<StoredReading> readings = batch.readings();
        int n = readings.size();
        Long[] sequences = new Long[n];
        String[] names = new String[n];
        Long[] times = new Long[n];
        Double[] values = new Double[n];
        String[] units = new String[n];
        String[] qualities = new String[n];
        byte[][] digests = new byte[n][];
        for (int i = 0; i < n; i++) {
            StoredReading r = readings.get(i);
            sequences[i] = r.sequence();
            names[i] = r.name();
            times[i] = Columns.micros(r.time());
            values[i] = r.value();
            units[i] = r.unit();
            qualities[i] = r.timeUnsynced() ? "unsynced" : "synced";
            digests[i] = ReadingContent.digest(r);
        }
        Set<Long> inserted = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, batch.device());
            insert.setLong(2, Columns.micros(batch.receivedAt()));
            insert.setArray(3, c.createArrayOf("bigint", sequences));
            insert.setArray(4, c.createArrayOf("text", names));
            insert.setArray(5, c.createArrayOf("bigint", times));
            insert.setArray(6, c.createArrayOf("float8", values));
            insert.setArray(7, c.createArrayOf("text", units));
            insert.setArray(8, c.createArrayOf("text", qualities));
            insert.setObject(9, c.createArrayOf("bytea", digests));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getLong(1));
                }
            }
        }
        List<StoredReading> added = new ArrayList<>(n);
        List<Integer> again = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        for (int i = 0; i < n; i++) {
            // A sequence twice in one batch: the first is new, the second is compared with it.
            if (inserted.contains(sequences[i]) && taken.add(sequences[i])) {
                added.add(readings.get(i));
            } else {
                again.add(i);
            }
        }
        if (!again.isEmpty()) {
            checkRetransmissions(c, batch.device(), readings, digests, again);
        }
        Optional<DeviceHealth> health = DeviceHealth.of(added);
        if (health.isPresent()) {
            recordHealth(c, batch.device(), Columns.micros(batch.receivedAt()), health.get());
        }
        return added;
    }

    /** The readings at {@code indexes} came under stored (device, sequence)s: each must be a retransmission. */
    private void checkRetransmissions(
            Connection c, String device, List<StoredReading> readings, byte[][] digests, List<Integer> indexes)
            throws SQLException, StoreException {
        Long[] sequences = indexes.stream().map(i -> readings.get(i).sequence()).toArray(Long[]::new);
        Map<Long, Stored> stored = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement(STORED)) {
            query.setString(1, device);
            Array array = c.createArrayOf("bigint", sequences);
            query.setArray(2, array);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long sequence = rs.getLong(1);
                    stored.put(
                            sequence,
                            new Stored(
                                    new StoredReading(
                                            device,
                                            rs.getString(2),
                                            rs.getDouble(5),
                                            rs.getString(6),
                                            Columns.instant(rs.getLong(3)),
                                            sequence,
                                            "unsynced".equals(rs.getString(4))),
                                    rs.getBytes(7)));
                }
            }
        }
        for (int i : indexes) {
            StoredReading again = readings.get(i);
            Stored row = stored.get(again.sequence());
            if (row == null) {
                throw new SQLException("reading " + again.sequence() + " of " + device + " vanished");
            }
            ReadingContent.checkRetransmission(row.reading(), row.digest(), again, digests[i], database);
        }
    }

    private record Stored(StoredReading reading, byte[] digest) {}

    private static void recordHealth(Connection c, String device, long received, DeviceHealth h) throws SQLException {
        try (PreparedStatement history = c.prepareStatement("""
                INSERT INTO health (device, time_us, received_us, state, queue_depth, dropped, battery, battery_unit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            history.setString(1, device);
            history.setLong(2, Columns.micros(h.time()));
            history.setLong(3, received);
            history.setObject(4, h.state().orElse(null), java.sql.Types.VARCHAR);
            history.setObject(5, Columns.boxed(h.queueDepth()), java.sql.Types.BIGINT);
            history.setObject(6, Columns.boxed(h.dropped()), java.sql.Types.BIGINT);
            history.setObject(7, Columns.boxed(h.battery()), java.sql.Types.DOUBLE);
            history.setString(8, h.batteryUnit());
            history.executeUpdate();
        }
        // Latest delivered wins: a node delivers its queue oldest first. Fields the batch lacks keep their value.
        try (PreparedStatement latest = c.prepareStatement("""
                UPDATE devices SET state = coalesce(?, state), queue_depth = coalesce(?, queue_depth),
                    dropped = coalesce(?, dropped), battery = coalesce(?, battery),
                    battery_unit = CASE WHEN ?::float8 IS NULL THEN battery_unit ELSE ? END, health_us = ?
                WHERE id = ?""")) {
            latest.setObject(1, h.state().orElse(null), java.sql.Types.VARCHAR);
            latest.setObject(2, Columns.boxed(h.queueDepth()), java.sql.Types.BIGINT);
            latest.setObject(3, Columns.boxed(h.dropped()), java.sql.Types.BIGINT);
            latest.setObject(4, Columns.boxed(h.battery()), java.sql.Types.DOUBLE);
            latest.setObject(5, Columns.boxed(h.battery()), java.sql.Types.DOUBLE);
            latest.setString(6, h.batteryUnit());
            latest.setLong(7, Columns.micros(h.time()));
            latest.setString(8, device);
            latest.executeUpdate();
        }
    }
}
