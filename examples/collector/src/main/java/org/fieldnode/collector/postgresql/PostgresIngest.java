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
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.collector.jdbc.ReadingColumns;
import org.tinylog.Logger;

/**
 * The ingest writer of a PostgreSQL store. A batch is one multi-row {@code INSERT ... SELECT FROM unnest(arrays)
 * ON CONFLICT DO NOTHING RETURNING ...}: one round trip whatever its size; the conflict is on either unique key,
 * (device, sequence) or, for a client without {@code s=}, (device, name, unit, time), as in SQLite. Readings the
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
            INSERT INTO readings (device, sequence, name, time_us, unit, received_us, time_quality, digest,
                value_type, value, text_value, bool_value, data_value, sum)
            SELECT ?, s, n, t, u, ?, q, d, vt, v, vs, vb, vd, sm
            FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bytea[], ?::text[],
                    ?::float8[], ?::text[], ?::bigint[], ?::bytea[], ?::float8[])
                AS batch (s, n, t, u, q, d, vt, v, vs, vb, vd, sm)
            ON CONFLICT DO NOTHING RETURNING sequence, name, unit, time_us""";
    private static final String STORED = "SELECT " + ReadingColumns.SELECT + ", digest"
            + " FROM readings WHERE device = ? AND sequence = ANY (?::bigint[])";
    private static final String STORED_UNSEQUENCED = "SELECT " + ReadingColumns.SELECT + ", digest"
            + " FROM readings WHERE device = ? AND name = ? AND unit = ? AND time_us = ? AND sequence IS NULL";

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
        String[] units = new String[n];
        String[] qualities = new String[n];
        byte[][] digests = new byte[n][];
        String[] types = new String[n];
        Double[] numbers = new Double[n];
        String[] texts = new String[n];
        Long[] flags = new Long[n];
        byte[][] data = new byte[n][];
        Double[] sums = new Double[n];
        for (int i = 0; i < n; i++) {
            StoredReading r = readings.get(i);
            sequences[i] = ReadingColumns.sequence(r);
            names[i] = r.name();
            times[i] = Columns.micros(r.time());
            units[i] = r.unit();
            qualities[i] = r.timeQuality().code();
            digests[i] = batch.digests().get(i);
            ReadingColumns typed = ReadingColumns.of(r);
            types[i] = typed.type();
            numbers[i] = typed.number();
            texts[i] = typed.text();
            flags[i] = typed.flag();
            data[i] = typed.data();
            sums[i] = typed.sum();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, batch.device());
            insert.setLong(2, Columns.micros(batch.receivedAt()));
            // The arrays in the order and of the types of INSERT's unnest.
            Object[][] arrays = {
                sequences, names, times, units, qualities, digests, types, numbers, texts, flags, data, sums
            };
            String[] arrayTypes = {
                "bigint", "text", "bigint", "text", "text", "bytea", "text", "float8", "text", "bigint", "bytea",
                "float8"
            };
            for (int k = 0; k < arrays.length; k++) {
                insert.setArray(3 + k, c.createArrayOf(arrayTypes[k], arrays[k]));
            }
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    long sequence = rs.getLong(1);
                    inserted.add(rs.wasNull() ? key(rs.getString(2), rs.getString(3), rs.getLong(4)) : key(sequence));
                }
            }
        }
        List<StoredReading> added = new ArrayList<>(n);
        List<Integer> again = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < n; i++) {
            // A key twice in one batch: the first is new, the second is compared with it.
            String key = key(readings.get(i));
            if (inserted.contains(key) && taken.add(key)) {
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

    /** The unique key a reading is stored under: (device, sequence), or (device, name, unit, time) without one. */
    private static String key(StoredReading r) {
        return r.sequenced() ? key(r.sequence()) : key(r.name(), r.unit(), Columns.micros(r.time()));
    }

    private static String key(long sequence) {
        return "s" + sequence;
    }

    private static String key(String name, String unit, long time) {
        return "u" + time + "\0" + name + "\0" + unit;
    }

    /**
     * The readings at {@code indexes} came under a stored key: each must be a retransmission. The sequenced ones
     * are read back in one query, the others (clients without {@code s=}) one by one.
     */
    private void checkRetransmissions(
            Connection c, String device, List<StoredReading> readings, byte[][] digests, List<Integer> indexes)
            throws SQLException, StoreException {
        Long[] sequences = indexes.stream()
                .map(readings::get)
                .filter(StoredReading::sequenced)
                .map(StoredReading::sequence)
                .toArray(Long[]::new);
        Map<String, Stored> stored = new HashMap<>();
        if (sequences.length > 0) {
            try (PreparedStatement query = c.prepareStatement(STORED)) {
                query.setString(1, device);
                Array array = c.createArrayOf("bigint", sequences);
                query.setArray(2, array);
                collect(query, stored);
            }
        }
        for (int i : indexes) {
            StoredReading r = readings.get(i);
            if (!r.sequenced() && !stored.containsKey(key(r))) {
                try (PreparedStatement query = c.prepareStatement(STORED_UNSEQUENCED)) {
                    query.setString(1, device);
                    query.setString(2, r.name());
                    query.setString(3, r.unit());
                    query.setLong(4, Columns.micros(r.time()));
                    collect(query, stored);
                }
            }
        }
        for (int i : indexes) {
            StoredReading again = readings.get(i);
            Stored row = stored.get(key(again));
            if (row == null) {
                throw new SQLException("reading " + key(again) + " of " + device + " vanished");
            }
            ReadingContent.checkRetransmission(row.reading(), row.digest(), again, digests[i], database);
        }
    }

    private static void collect(PreparedStatement query, Map<String, Stored> stored) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                StoredReading reading = ReadingColumns.reading(rs);
                stored.put(key(reading), new Stored(reading, rs.getBytes(13)));
            }
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
