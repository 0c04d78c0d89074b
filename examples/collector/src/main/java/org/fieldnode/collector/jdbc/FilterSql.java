// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.ReadingFilter;

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
            args.add(micros(s));
        });
        filter.until().ifPresent(u -> {
            conditions.add("time_us < ?");
            args.add(micros(u));
        });
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** {@code sql} prepared on {@code c} with {@code args}; the caller closes it. */
    public static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
