// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.StoreException;
import org.fieldnode.protocol.update.UpdateReports;

/**
 * {@link DeviceUpdates} in the {@code device_update} table, in SQL both stores speak alike (the table's creation is
 * each store's own: sqlite.SqliteDeviceUpdates, postgresql.PostgresDeviceUpdates). {@link #reported} runs once per
 * report: it reads one row by primary key and writes only when what the node reports changed.
 */
public abstract class DeviceUpdateTables implements DeviceUpdates {
    private static final String SELECT =
            "SELECT device, installed, state, target, received, reason, reported_us FROM device_update";

    protected DeviceUpdateTables() {}

    /** Runs {@code work} for reads and writes, each statement its own transaction. */
    protected abstract <T> T statements(String failure, ConnectionWork<T> work) throws StoreException;

    /** Runs {@code work} that only reads (possibly on a read-only connection). */
    protected abstract <T> T query(String failure, ConnectionWork<T> work) throws StoreException;

    @Override
    public void reported(String device, UpdateReports.Reported report, Instant at) throws StoreException {
        statements("cannot record the update state of " + device, c -> {
            Optional<DeviceUpdate> before = row(c, device);
            if (before.isPresent() && same(before.get(), report)) {
                return null;
            }
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO device_update (device, installed, state, target, received, reason, reported_us)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (device) DO UPDATE SET installed = excluded.installed, state = excluded.state,
                        target = excluded.target, received = excluded.received, reason = excluded.reason,
                        reported_us = excluded.reported_us""")) {
                upsert.setString(1, device);
                upsert.setLong(2, report.installed());
                upsert.setString(3, report.state());
                upsert.setLong(4, report.target());
                upsert.setLong(5, report.received());
                upsert.setString(6, report.reason());
                upsert.setLong(7, Columns.micros(at));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<String, DeviceUpdate> all() throws StoreException {
        return query("cannot read the update states", c -> {
            Map<String, DeviceUpdate> all = new TreeMap<>();
            try (PreparedStatement query = c.prepareStatement(SELECT);
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    DeviceUpdate u = update(rs);
                    all.put(u.device(), u);
                }
            }
            return all;
        });
    }

    private static Optional<DeviceUpdate> row(Connection c, String device) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(SELECT + " WHERE device = ?")) {
            query.setString(1, device);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(update(rs)) : Optional.empty();
            }
        }
    }

    private static DeviceUpdate update(ResultSet rs) throws SQLException {
        return new DeviceUpdate(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getString(6),
                Columns.instant(rs.getLong(7)));
    }

    private static boolean same(DeviceUpdate before, UpdateReports.Reported now) {
        return before.installed() == now.installed()
                && before.state().equals(now.state())
                && before.target() == now.target()
                && before.received() == now.received()
                && before.reason().equals(now.reason());
    }
}
