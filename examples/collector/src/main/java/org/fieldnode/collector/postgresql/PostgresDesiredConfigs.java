// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

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
 * {@link DesiredConfigs} in the {@code device_config} table of a PostgreSQL store: the rules are {@link
 * DesiredConfigRow}'s, shared with the SQLite store. A {@code config set} locks the row ({@code SELECT ... FOR
 * UPDATE}), so two members or commands setting at once get consecutive versions; {@link #exchange} reads the row by
 * primary key and writes only when the node's answer changed.
 */
final class PostgresDesiredConfigs implements DesiredConfigs {
    private final PostgresDatabase database;

    PostgresDesiredConfigs(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public DesiredConfig set(String device, Map<String, String> changes, Instant at) throws StoreException {
        return database.transaction("cannot set the configuration of " + device, c -> {
            try (PreparedStatement create = c.prepareStatement(
                    "INSERT INTO device_config (device) VALUES (?) ON CONFLICT (device) DO NOTHING")) {
                create.setString(1, device);
                create.executeUpdate(); // a row to lock, even for the first set
            }
            DesiredConfig config = DesiredConfigRow.afterSet(row(c, device, " FOR UPDATE"), changes);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE device_config SET desired_version = ?, desired = ?, desired_us = ? WHERE device = ?")) {
                update.setLong(1, config.version());
                update.setString(2, DesiredConfigRow.format(config.entries()));
                update.setLong(3, Columns.micros(at));
                update.setString(4, device);
                update.executeUpdate();
            }
            return config;
        });
    }

    @Override
    public Optional<DesiredConfig> exchange(String device, ConfigReport report, Instant at) throws StoreException {
        return database.read("cannot exchange the configuration of " + device, c -> {
            Optional<DesiredConfigRow> row = row(c, device, "");
            boolean rejectionChanged = DesiredConfigRow.rejectionChanged(row, report);
            if (DesiredConfigRow.appliedChanged(row, report) || rejectionChanged) {
                record(c, device, report, at, rejectionChanged);
            }
            return DesiredConfigRow.answer(row, report);
        });
    }

    @Override
    public Optional<ConfigStatus> status(String device) throws StoreException {
        return database.read(
                "cannot read the configuration of " + device,
                c -> row(c, device, "").map(r -> r.status(device)));
    }

    private static void record(Connection c, String device, ConfigReport report, Instant at, boolean rejection)
            throws SQLException {
        String sql = rejection ? """
                INSERT INTO device_config (device, applied_version, reported_us, rejected_version, rejection)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET applied_version = excluded.applied_version,
                    reported_us = excluded.reported_us, rejected_version = excluded.rejected_version,
                    rejection = CASE WHEN excluded.rejection IS NULL
                            AND device_config.rejected_version = excluded.rejected_version
                        THEN device_config.rejection ELSE excluded.rejection END""" : """
                INSERT INTO device_config (device, applied_version, reported_us) VALUES (?, ?, ?)
                ON CONFLICT (device) DO UPDATE SET applied_version = excluded.applied_version,
                    reported_us = excluded.reported_us""";
        try (PreparedStatement upsert = c.prepareStatement(sql)) {
            upsert.setString(1, device);
            upsert.setLong(2, report.applied());
            upsert.setLong(3, Columns.micros(at));
            if (rejection) {
                upsert.setLong(4, report.rejected().getAsLong());
                upsert.setObject(5, report.reason().orElse(null), Types.VARCHAR);
            }
            upsert.executeUpdate();
        }
    }

    private static Optional<DesiredConfigRow> row(Connection c, String device, String lock) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT desired_version, desired, desired_us, applied_version, reported_us, rejected_version, rejection
                FROM device_config WHERE device = ?""" + lock)) {
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
