// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * Readings of every SenML value type (RFC 8428 §4.2), with sums and each time quality, and the store rules every
 * store keeps for them: the SQLite, PostgreSQL and memory stores' tests share them.
 */
public final class TypedReadingSamples {
    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    public static final Instant RECEIVED = Instant.parse("2026-03-01T12:00:05Z");

    /** {@link #everyType}'s typed columns in the {@code readings} table, ordered by sequence, one line each. */
    public static final String EVERY_TYPE_COLUMNS = "v|1.25|null|null|null|null\n" + "vb|null|null|1|null|null\n"
            + "vs|null|running, \"ok\"|null|null|null\n" + "vd|null|null|null|3|null\n"
            + "s|null|null|null|null|0.0125\n" + "v|0.5|null|null|null|12.5\n";

    private TypedReadingSamples() {}

    /** Six readings of device n1 at {@link #T0}: one of each type, a sum alone, a number with a sum. */
    public static List<StoredReading> everyType(long firstSequence) {
        long s = firstSequence;
        return List.of(
                typed("tank/level", "m", s, new SenmlValue.Numeric(1.25), null, SenmlTimeQuality.SYNCED),
                typed("tank/float", "", next(s, 1), new SenmlValue.Flag(true), null, SenmlTimeQuality.RELATIVE),
                typed(
                        "pump/state",
                        "",
                        next(s, 2),
                        new SenmlValue.Text("running, \"ok\""),
                        null,
                        SenmlTimeQuality.RECEIPT),
                typed(
                        "tag/raw",
                        "",
                        next(s, 3),
                        new SenmlValue.Data(new byte[] {0, 1, (byte) 0xff}),
                        null,
                        SenmlTimeQuality.UNSYNCED),
                typed("rain/total", "m", next(s, 4), null, 0.0125, SenmlTimeQuality.SYNCED),
                typed("flow/volume", "m3", next(s, 5), new SenmlValue.Numeric(0.5), 12.5, SenmlTimeQuality.SYNCED));
    }

    private static long next(long first, int i) {
        return first == StoredReading.NO_SEQUENCE ? first : first + i;
    }

    /** A reading of device n1 at {@link #T0}. */
    public static StoredReading typed(
            String name, String unit, long sequence, SenmlValue value, Double sum, SenmlTimeQuality quality) {
        return new StoredReading("n1", name, unit, T0, sequence, value, sum, quality);
    }

    /** The typed columns of the {@code readings} rows behind the store's back, as {@link #EVERY_TYPE_COLUMNS}. */
    public static String typedColumns(Connection c) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT value_type, value, text_value, bool_value, length(data_value),"
                        + " sum FROM readings ORDER BY sequence")) {
            while (rs.next()) {
                for (int i = 1; i <= 6; i++) {
                    rows.append(rs.getString(i)).append(i < 6 ? '|' : '\n');
                }
            }
        }
        return rows.toString();
    }

    /**
     * Readings without {@code s=} are kept once per (device, name, unit, time): again is a retransmission, another
     * unit another series, other content a conflict.
     */
    public static void keepsOnce(ReadingStore store) throws Exception {
        List<StoredReading> batch = everyType(StoredReading.NO_SEQUENCE);
        assertThat(store.storeNew("n1", RECEIVED, batch)).hasSize(6);
        assertThat(store.storeNew("n1", RECEIVED, batch)).isEmpty();
        // The same series at the same time in another unit is another series.
        StoredReading otherUnit = typed(
                "tank/level",
                "cm",
                StoredReading.NO_SEQUENCE,
                new SenmlValue.Numeric(125),
                null,
                SenmlTimeQuality.SYNCED);
        assertThat(store.storeNew("n1", RECEIVED, List.of(otherUnit))).containsExactly(otherUnit);
        StoredReading changed = typed(
                "tank/float",
                "",
                StoredReading.NO_SEQUENCE,
                new SenmlValue.Flag(false),
                null,
                SenmlTimeQuality.RELATIVE);
        assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(changed)))
                .isInstanceOf(SequenceConflictException.class);
        assertThat(store.all())
                .hasSize(7)
                .allSatisfy(r -> assertThat(r.sequenced()).isFalse());
    }
}
