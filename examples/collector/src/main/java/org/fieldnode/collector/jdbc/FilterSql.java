// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.SeriesKey;

/** A {@link ReadingFilter} as SQL over the {@code readings} table both stores keep (times in microseconds). */
public final class FilterSql {
    private FilterSql() {}

    /**
     * {@code " WHERE ..."} for {@code filter} ({@code ""} when it passes everything), its arguments added to {@code
     * args} in order.
     */
    public static String where(ReadingFilter filter, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        filter.device().ifPresent(d -> {
            conditions.add("device = ?");
            args.add(d);
        });
        filter.since().ifPresent(s -> {
            conditions.add("time_us >= ?");
            args.add(Columns.micros(s));
        });
        filter.until().ifPresent(u -> {
            conditions.add("time_us < ?");
            args.add(Columns.micros(u));
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The distinct (name, unit) series of the readings {@code filter} passes, in name order: the same in both stores. */
    public static List<SeriesKey> series(Connection c, ReadingFilter filter) throws SQLException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT DISTINCT name, unit FROM readings" + where(filter, args) + " ORDER BY name, unit";
        List<SeriesKey> series = new ArrayList<>();
        try (PreparedStatement query = prepare(c, sql, args);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                series.add(new SeriesKey(rs.getString(1), rs.getString(2)));
            }
        }
        return series;
    }

    /** {@code sql} prepared on {@code c} with {@code args}; the caller closes it. */
    public static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }
}
