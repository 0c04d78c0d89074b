// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

/** How the collector's SQLite files keep values: times as microseconds, absent values as NULL. */
final class Columns {
    private Columns() {}

    /** Microseconds since the epoch: how times are kept (SenML times carry no finer digits, see {@link Schema}). */
    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The columns of a reading, in the order {@link #reading} reads them. */
    static final String READING_COLUMNS = "device, sequence, name, time_us, value, unit, time_quality, value_type,"
            + " text_value, bool_value, data_value, sum";

    /** A row of {@link #READING_COLUMNS}: NULL sequence is a client without {@code s=}. */
    static StoredReading reading(ResultSet rs) throws SQLException {
        long sequence = rs.getLong(2);
        if (rs.wasNull()) {
            sequence = StoredReading.NO_SEQUENCE;
        }
        String type = rs.getString(8);
        SenmlValue value = switch (type == null ? "v" : type) {
            case "v" -> new SenmlValue.Numeric(rs.getDouble(5));
            case "vs" -> new SenmlValue.Text(rs.getString(9));
            case "vb" -> new SenmlValue.Flag(rs.getLong(10) != 0);
            case "vd" -> new SenmlValue.Data(rs.getBytes(11));
            default -> null; // "s": a sum alone
        };
        OptionalDouble sum = optionalDouble(rs, 12);
        return new StoredReading(
                rs.getString(1),
                rs.getString(3),
                rs.getString(6),
                instant(rs.getLong(4)),
                sequence,
                value,
                sum.isPresent() ? sum.getAsDouble() : null,
                SenmlTimeQuality.ofCode(rs.getString(7)));
    }

    /**
     * Binds a reading's typed columns {@code value_type, value, text_value, bool_value, data_value, sum} from
     * parameter {@code first} on.
     */
    static void bindValue(PreparedStatement s, int first, StoredReading r) throws SQLException {
        s.setString(first, r.valueType());
        s.setNull(first + 1, Types.REAL);
        s.setNull(first + 2, Types.VARCHAR);
        s.setNull(first + 3, Types.INTEGER);
        s.setNull(first + 4, Types.BLOB);
        switch (r.typed()) {
            case SenmlValue.Numeric n -> s.setDouble(first + 1, n.number());
            case SenmlValue.Text t -> s.setString(first + 2, t.text());
            case SenmlValue.Flag f -> s.setLong(first + 3, f.flag() ? 1 : 0);
            case SenmlValue.Data d -> s.setBytes(first + 4, d.bytes());
            case null -> {}
        }
        if (r.sum() != null) {
            s.setDouble(first + 5, r.sum());
        } else {
            s.setNull(first + 5, Types.REAL);
        }
    }

    static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    static OptionalDouble optionalDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    static void setNullable(PreparedStatement s, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            s.setString(index, value.get());
        } else {
            s.setNull(index, Types.VARCHAR);
        }
    }

    static void setNullable(PreparedStatement s, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            s.setLong(index, value.getAsLong());
        } else {
            s.setNull(index, Types.INTEGER);
        }
    }

    static void setNullable(PreparedStatement s, int index, OptionalDouble value) throws SQLException {
        if (value.isPresent()) {
            s.setDouble(index, value.getAsDouble());
        } else {
            s.setNull(index, Types.REAL);
        }
    }
}
