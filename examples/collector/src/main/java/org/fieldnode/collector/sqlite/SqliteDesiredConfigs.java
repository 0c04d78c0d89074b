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
import org.fieldnode.collector.ConfigReport;
import org.fieldnode.collector.ConfigStatus;
import org.fieldnode.collector.DesiredConfigRow;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.StoreException;
import org.fieldnode.protocol.desired.DesiredConfig;

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
            DesiredConfig config = DesiredConfigRow.afterSet(row(c, device), changes);
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO device_config (device, desired_version, desired, desired_us) VALUES (?, ?, ?, ?)
                    ON CONFLICT (device) DO UPDATE SET desired_version = excluded.desired_version,
                        desired = excluded.desired, desired_us = excluded.desired_us""")) {
                upsert.setString(1, device);
                upsert.setLong(2, config.version());
                upsert.setString(3, DesiredConfigRow.format(config.entries()));
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
            Optional<DesiredConfigRow> row = row(c, device);
            boolean rejectionChanged = DesiredConfigRow.rejectionChanged(row, report);
            if (DesiredConfigRow.appliedChanged(row, report) || rejectionChanged) {
                record(c, device, report, at, rejectionChanged);
            }
            return DesiredConfigRow.answer(row, report);
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
                c -> row(c, device).map(r -> r.status(device)));
    }

    private static Optional<DesiredConfigRow> row(Connection c, String device) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT desired_version, desired, desired_us, applied_version, reported_us, rejected_version, rejection
                FROM device_config WHERE device = ?""")) {
            query.setString(1, device);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DesiredConfigRow(
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
}
