// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.DeviceSummary;

/** Queries that read the same in both stores' SQL; each store runs them on a connection of its own. */
public final class StoreSql {
    private StoreSql() {}

    /** Every device ever seen, sorted by identity. */
    public static List<DeviceSummary> devices(Connection c) throws SQLException {
        List<DeviceSummary> devices = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("""
                        SELECT id, first_seen_us, last_seen_us, state, queue_depth, dropped, battery, battery_unit
                        FROM devices ORDER BY id""");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                devices.add(new DeviceSummary(
                        rs.getString(1),
                        Columns.instant(rs.getLong(2)),
                        Columns.instant(rs.getLong(3)),
                        Optional.ofNullable(rs.getString(4)),
                        Columns.optionalLong(rs, 5),
                        Columns.optionalLong(rs, 6),
                        Columns.optionalDouble(rs, 7),
                        rs.getString(8)));
            }
        }
        return devices;
    }

    /** How many readings are stored. */
    public static long count(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM readings");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
