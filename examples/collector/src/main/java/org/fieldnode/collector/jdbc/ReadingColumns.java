// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * A reading as a row of the {@code readings} table both stores keep (sqlite.Schema version 4, PostgresSchema
 * collector version 4): the SenML value in the column of its type (RFC 8428 §4.2), the sum, the time quality and a
 * NULL sequence for a client that sends no {@code s=}. One mapping, so that both stores read and write the same.
 *
 * @param type {@code v}, {@code vs}, {@code vb}, {@code vd}, or {@code s} for a sum alone
 * @param number the {@code v} value, else null
 * @param text the {@code vs} value, else null
 * @param flag the {@code vb} value as 1 or 0, else null
 * @param data the {@code vd} value, else null
 * @param sum the sum, else null
 */
public record ReadingColumns(String type, Double number, String text, Long flag, byte[] data, Double sum) {
    /**
     * The columns of a reading, in the order {@link #reading} reads them (a query may add columns after them, the
     * digest for instance).
     */
    public static final String SELECT = "device, sequence, name, time_us, value, unit, time_quality, value_type,"
            + " text_value, bool_value, data_value, sum";

    /** The typed columns of {@code r}. */
    public static ReadingColumns of(StoredReading r) {
        return switch (r.typed()) {
            case SenmlValue.Numeric n -> new ReadingColumns("v", n.number(), null, null, null, r.sum());
            case SenmlValue.Text t -> new ReadingColumns("vs", null, t.text(), null, null, r.sum());
            case SenmlValue.Flag f -> new ReadingColumns("vb", null, null, f.flag() ? 1L : 0L, null, r.sum());
            case SenmlValue.Data d -> new ReadingColumns("vd", null, null, null, d.bytes(), r.sum());
            case null -> new ReadingColumns("s", null, null, null, null, r.sum());
        };
    }

    /** The sequence column of {@code r}: NULL for a client without {@code s=}. */
    public static Long sequence(StoredReading r) {
        return r.sequenced() ? r.sequence() : null;
    }

    /** A row of {@link #SELECT}: NULL sequence is a client without {@code s=}, NULL value_type a number. */
    public static StoredReading reading(ResultSet rs) throws SQLException {
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
        double sum = rs.getDouble(12);
        boolean noSum = rs.wasNull();
        return new StoredReading(
                rs.getString(1),
                rs.getString(3),
                rs.getString(6),
                Columns.instant(rs.getLong(4)),
                sequence,
                value,
                noSum ? null : sum,
                SenmlTimeQuality.ofCode(rs.getString(7)));
    }

    /**
     * Binds the typed columns {@code value_type, value, text_value, bool_value, data_value, sum} of {@code r} from
     * parameter {@code first} on.
     */
    public static void bind(PreparedStatement s, int first, StoredReading r) throws SQLException {
        ReadingColumns columns = of(r);
        s.setString(first, columns.type());
        s.setObject(first + 1, columns.number(), Types.DOUBLE);
        s.setObject(first + 2, columns.text(), Types.VARCHAR);
        s.setObject(first + 3, columns.flag(), Types.BIGINT);
        if (columns.data() != null) {
            s.setBytes(first + 4, columns.data());
        } else {
            s.setNull(first + 4, Types.BINARY);
        }
        s.setObject(first + 5, columns.sum(), Types.DOUBLE);
    }
}
