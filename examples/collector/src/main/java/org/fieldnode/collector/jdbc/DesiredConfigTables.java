// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

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
 * {@link DesiredConfigs} in the {@code device_config} table, in SQL both stores speak alike; the rules are {@link
 * DesiredConfigRow}'s. A {@code config set} makes the device's row if it has none, takes it ({@link #rowLock}: a row
 * lock where the database has them, SQLite's write lock otherwise) and writes the new version, in one transaction, so
 * two sets at once get consecutive versions. {@link #exchange} runs once per acknowledged report: it reads one row by
 * primary key and writes only when the node's answer changed (one write, and one sync, per change, not per report).
 */
public abstract class DesiredConfigTables implements DesiredConfigs {
    /** Work on one connection of the store. */
    @FunctionalInterface
    protected interface Work<T> extends ConnectionWork<T> {}

    protected DesiredConfigTables() {}

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    protected abstract <T> T transaction(String failure, Work<T> work) throws StoreException;

    /** Runs {@code work} for reads and writes, each statement its own transaction. */
    protected abstract <T> T statements(String failure, Work<T> work) throws StoreException;

    /** Runs {@code work} that only reads (possibly on a read-only connection). */
    protected abstract <T> T query(String failure, Work<T> work) throws StoreException;

    /** What the {@code SELECT} of the row in {@code set} ends with to lock it, e.g. {@code " FOR UPDATE"}. */
    protected abstract String rowLock();

    @Override
    public DesiredConfig set(String device, Map<String, String> changes, Instant at) throws StoreException {
        return transaction("cannot set the configuration of " + device, c -> {
            try (PreparedStatement create = c.prepareStatement(
                    "INSERT INTO device_config (device) VALUES (?) ON CONFLICT (device) DO NOTHING")) {
                create.setString(1, device);
                create.executeUpdate(); // a row to lock, even for the first set
            }
            DesiredConfig config = DesiredConfigRow.afterSet(row(c, device, rowLock()), changes);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE device_config SET desired_version = ?, desired = ?, desired_us = ? WHERE device = ?")) {
                update.setLong(1, config.version());
                update.setString(2, DesiredConfigRow.format(config.entries()));
                update.setLong(3, Columns.micros(at));
                update.setString(4, device);
                update.executeUpdate();
            }
            recorded(device); // inside the transaction: no exchange can read the row between the commit and this
            return config;
        });
    }

    @Override
    public Optional<DesiredConfig> exchange(String device, ConfigReport report, Instant at) throws StoreException {
        return statements("cannot exchange the configuration of " + device, c -> {
            Optional<DesiredConfigRow> row = current(c, device);
            boolean rejectionChanged = DesiredConfigRow.rejectionChanged(row, report);
            if (DesiredConfigRow.appliedChanged(row, report) || rejectionChanged) {
                record(c, device, report, at, rejectionChanged);
                recorded(device);
            }
            return DesiredConfigRow.answer(row, report);
        });
    }

    /**
     * The device's row as {@link #exchange} sees it, inside {@link #statements}: read each time here; a store may
     * answer from a cache it keeps valid.
     */
    protected Optional<DesiredConfigRow> current(Connection c, String device) throws SQLException {
        return row(c, device, "");
    }

    /** {@link #exchange} or {@link #set} has just written the device's row (inside its work). */
    protected void recorded(String device) {}

    @Override
    public Optional<ConfigStatus> status(String device) throws StoreException {
        return query(
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

    protected static Optional<DesiredConfigRow> row(Connection c, String device, String lock) throws SQLException {
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
