// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.StoreException;
import org.fieldnode.protocol.update.UpdateReports;

/**
 * {@link DeviceUpdates} in the {@code device_update} table of {@code collector.db}. All of its SQL is here, the
 * table's creation included ({@link #CREATE}, the schema step of pre-assigned version 5), so that another store
 * can mirror it in one place:
 *
 * <pre>
 * device_update  device TEXT PRIMARY KEY
 *                installed INTEGER       the node's u=: its installed, good release (0: the package's)
 *                state TEXT              us=: idle, downloading, stopped, installing, trial, applied, rolled_back, refused
 *                target INTEGER          ut=: the release that state is about
 *                received INTEGER        ub=: payload bytes the node kept
 *                reason TEXT             uw=: a refusal's code, a rollback's or a stop's reason ('' for none)
 *                reported_us INTEGER     when the node last changed any of these
 * </pre>
 */
public final class SqliteDeviceUpdates implements DeviceUpdates {
    /** The schema step that adds the table (issue 16; version 5 in the session's numbering). */
    static final List<String> CREATE = List.of("""
            CREATE TABLE device_update (
                device TEXT PRIMARY KEY,
                installed INTEGER NOT NULL,
                state TEXT NOT NULL,
                target INTEGER NOT NULL,
                received INTEGER NOT NULL,
                reason TEXT NOT NULL,
                reported_us INTEGER NOT NULL
            ) STRICT""");

    private final SqliteDatabase database;

    SqliteDeviceUpdates(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void reported(String device, UpdateReports.Reported report, Instant at) throws StoreException {
        database.withConnection("cannot record the update state of " + device, w -> {
            Connection c = w.connection();
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
        return database.read("cannot read the update states", c -> {
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

    private static final String SELECT =
            "SELECT device, installed, state, target, received, reason, reported_us FROM device_update";

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
