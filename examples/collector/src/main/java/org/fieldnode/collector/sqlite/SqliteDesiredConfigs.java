// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldnode.collector.ConfigReport;
import org.fieldnode.collector.ConfigStatus;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.StoreException;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;

/**
 * {@link DesiredConfigs} in the {@code device_config} table of {@code collector.db} (layout in {@link Schema}),
 * on the database's writing connection, taking turns with ingest ({@link SqliteDatabase}): {@link #exchange} runs
 * once per acknowledged report, so it reads one row by primary key and writes only when the node's answer changed
 * (one write, and one fsync, per change, not per report). {@code fieldnode collector config set} writes from another process; SQLite's locking
 * (WAL, busy timeout) orders it with the serving collector, which reads the new version on the next report.
 */
public final class SqliteDesiredConfigs implements DesiredConfigs {
    private final SqliteDatabase database;

    SqliteDesiredConfigs(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public DesiredConfig set(String device, Map<String, String> changes, Instant at) throws StoreException {
        return database.transaction("cannot set the configuration of " + device, w -> {
            Connection c = w.connection();
            Optional<Row> row = row(c, device);
            SortedMap<String, String> entries = row.map(r -> parse(r.desired)).orElseGet(TreeMap::new);
            changes.forEach((key, value) -> {
                if (value.isEmpty()) {
                    entries.remove(key);
                } else {
                    entries.put(key, value);
                }
            });
            long version = 1 + row.map(Row::highestVersion).orElse(0L);
            DesiredConfig config = new DesiredConfig(version, entries);
            DesiredConfigCodec.encode(config); // refuses a set that would not fit one datagram
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO device_config (device, desired_version, desired, desired_us) VALUES (?, ?, ?, ?)
                    ON CONFLICT (device) DO UPDATE SET desired_version = excluded.desired_version,
                        desired = excluded.desired, desired_us = excluded.desired_us""")) {
                upsert.setString(1, device);
                upsert.setLong(2, version);
                upsert.setString(3, format(entries));
                upsert.setLong(4, Columns.micros(at));
                upsert.executeUpdate();
            }
            return config;
        });
    }

    @Override
    public Optional<DesiredConfig> exchange(String device, ConfigReport report, Instant at) throws StoreException {
        return database.withConnection("cannot exchange the configuration of " + device, w -> {
            Connection c = w.connection();
            Optional<Row> row = row(c, device);
            boolean appliedChanged = row.isEmpty()
                    || row.get().applied.isEmpty()
                    || row.get().applied.getAsLong() != report.applied();
            boolean rejectionChanged = report.rejected().isPresent()
                    && (row.isEmpty()
                            || !row.get().rejected.equals(report.rejected())
                            || (report.reason().isPresent() && !report.reason().equals(row.get().reason)));
            if (appliedChanged || rejectionChanged) {
                record(c, device, report, at, rejectionChanged);
            }
            if (row.isEmpty() || row.get().desiredVersion == 0) {
                return Optional.<DesiredConfig>empty();
            }
            long rejected = report.rejected().orElse(row.get().rejected.orElse(0));
            long desired = row.get().desiredVersion;
            if (desired <= report.applied() || desired <= rejected) {
                return Optional.<DesiredConfig>empty();
            }
            return Optional.of(new DesiredConfig(desired, parse(row.get().desired)));
        });
    }

    private static void record(Connection c, String device, ConfigReport report, Instant at, boolean rejection)
            throws SQLException {
        String sql = rejection ? """
                INSERT INTO device_config (device, applied_version, reported_us, rejected_version, rejection)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET applied_version = excluded.applied_version,
                    reported_us = excluded.reported_us, rejected_version = excluded.rejected_version,
                    rejection = CASE WHEN excluded.rejection IS NULL AND rejected_version = excluded.rejected_version
                        THEN rejection ELSE excluded.rejection END""" : """
                INSERT INTO device_config (device, applied_version, reported_us) VALUES (?, ?, ?)
                ON CONFLICT (device) DO UPDATE SET applied_version = excluded.applied_version,
                    reported_us = excluded.reported_us""";
        try (PreparedStatement upsert = c.prepareStatement(sql)) {
            upsert.setString(1, device);
            upsert.setLong(2, report.applied());
            upsert.setLong(3, Columns.micros(at));
            if (rejection) {
                upsert.setLong(4, report.rejected().getAsLong());
                if (report.reason().isPresent()) {
                    upsert.setString(5, report.reason().get());
                } else {
                    upsert.setNull(5, Types.VARCHAR);
                }
            }
            upsert.executeUpdate();
        }
    }

    @Override
    public Optional<ConfigStatus> status(String device) throws StoreException {
        return database.read(
                "cannot read the configuration of " + device,
                c -> row(c, device)
                        .map(r -> new ConfigStatus(
                                device,
                                r.desiredVersion == 0
                                        ? Optional.empty()
                                        : Optional.of(new DesiredConfig(r.desiredVersion, parse(r.desired))),
                                instant(r.desiredUs),
                                r.applied,
                                r.rejected,
                                r.reason,
                                instant(r.reportedUs))));
    }

    private static Optional<Instant> instant(OptionalLong micros) {
        return micros.isPresent() ? Optional.of(Columns.instant(micros.getAsLong())) : Optional.empty();
    }

    private record Row(
            long desiredVersion,
            String desired,
            OptionalLong desiredUs,
            OptionalLong applied,
            OptionalLong reportedUs,
            OptionalLong rejected,
            Optional<String> reason) {
        long highestVersion() {
            return Math.max(desiredVersion, Math.max(applied.orElse(0), rejected.orElse(0)));
        }
    }

    private static Optional<Row> row(Connection c, String device) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT desired_version, desired, desired_us, applied_version, reported_us, rejected_version, rejection
                FROM device_config WHERE device = ?""")) {
            query.setString(1, device);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        Columns.optionalLong(rs, 3),
                        Columns.optionalLong(rs, 4),
                        Columns.optionalLong(rs, 5),
                        Columns.optionalLong(rs, 6),
                        Optional.ofNullable(rs.getString(7))));
            }
        }
    }

    /** The {@code desired} column: one canonical {@code key=value} per line, sorted by key. */
    static String format(SortedMap<String, String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> entries = new TreeMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                entries.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return entries;
    }
}
