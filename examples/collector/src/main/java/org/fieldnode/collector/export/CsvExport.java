// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.senml.SenmlValue;

/**
 * Writes readings as CSV for a spreadsheet, one row per device and observation time, one column per series with
 * its unit in the header (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break in
 * double quotes, quotes doubled):
 *
 * <pre>
 * time,device,env0/humidity [%RH],env0/temperature [Cel],lux0/illuminance [lx]
 * 2026-03-01T12:00:00Z,fieldnode-3f9c,40.25,21.5,
 * 2026-03-01T12:00:02Z,fieldnode-3f9c,,,812.5
 * </pre>
 *
 * <ul>
 *   <li>{@code time} is the observation time in ISO 8601, UTC ({@code Z}), with as many fraction digits as it has;
 *   <li>a series without a unit has no brackets; a series whose unit changed gets one column per unit;
 *   <li>an empty cell means no reading of that series at that time; readings of one device at one time share a
 *       row (the channels of one sensor fetch), and a second reading of the same series at the same time starts
 *       another row;
 *   <li>each cell keeps its reading's SenML type: numbers as numbers, booleans as {@code true}/{@code false},
 *       strings as text (quoted when needed), data as base64url; a series' column holds one type, since a series is
 *       one quantity; a sum alone is a number in the series' column; a series whose readings carry a value and a
 *       sum has a second column, {@code <series> [unit] sum};
 *   <li>rows follow observation time, then device. A device text starting with {@code = + - @}, tab or CR gets a
 *       leading {@code '} so that no spreadsheet runs it as a formula (device identities come from nodes).
 * </ul>
 *
 * Streams: three passes over the store (series and sums for the header, then readings), holding one row in memory.
 */
public final class CsvExport {
    private static final String CRLF = "\r\n";

    private CsvExport() {}

    /** @return the number of readings written */
    public static long write(ReadingStore store, ReadingFilter filter, Writer out) throws IOException {
        List<SeriesKey> series = store.series(filter);
        // Series whose readings carry a value and a sum (RFC 8428 §4.2: s beside v) get a second column for the sum.
        Set<SeriesKey> sums = new HashSet<>();
        store.scan(filter, reading -> {
            if (reading.typed() != null && reading.sum() != null) {
                sums.add(new SeriesKey(reading.name(), reading.unit()));
            }
        });
        Map<SeriesKey, Integer> column = new HashMap<>();
        StringBuilder header = new StringBuilder("time,device");
        int columns = 0;
        for (SeriesKey key : series) {
            column.put(key, columns++);
            String title = key.unit().isEmpty() ? key.name() : key.name() + " [" + key.unit() + "]";
            header.append(',').append(field(title));
            if (sums.contains(key)) {
                columns++;
                header.append(',').append(field(title + " sum"));
            }
        }
        out.write(header.append(CRLF).toString());
        Row row = new Row(columns, out);
        long[] written = {0};
        store.scan(filter, reading -> {
            SeriesKey key = new SeriesKey(reading.name(), reading.unit());
            Integer at = column.get(key);
            if (at == null) {
                return; // stored after the header was made: the next export has it
            }
            row.put(reading, at, sums.contains(key));
            written[0]++;
        });
        row.flush();
        out.flush();
        return written[0];
    }

    /** One row being filled; written out when a reading of another device or time, or a repeat, arrives. */
    private static final class Row {
        private final String[] cells;
        private final Writer out;
        private Instant time;
        private String device;

        Row(int columns, Writer out) {
            this.cells = new String[columns];
            this.out = out;
        }

        void put(StoredReading reading, int column, boolean sumColumn) throws IOException {
            if (time == null
                    || !time.equals(reading.time())
                    || !device.equals(reading.device())
                    || cells[column] != null) {
                flush();
                time = reading.time();
                device = reading.device();
            }
            cells[column] = cell(reading);
            if (sumColumn && reading.sum() != null) {
                cells[column + 1] = Text.number(reading.sum());
            }
        }

        void flush() throws IOException {
            if (time == null) {
                return;
            }
            StringBuilder line = new StringBuilder(64).append(time).append(',').append(field(defused(device)));
            for (int i = 0; i < cells.length; i++) {
                line.append(',');
                if (cells[i] != null) {
                    line.append(cells[i]);
                    cells[i] = null;
                }
            }
            out.write(line.append(CRLF).toString());
            time = null;
        }
    }

    /**
     * A reading's cell in its SenML type: a number, {@code true}/{@code false}, a string (quoted as RFC 4180 needs,
     * defused against formulas), data in base64url; a sum alone as a number.
     */
    static String cell(StoredReading r) {
        return switch (r.typed()) {
            case SenmlValue.Numeric n -> Text.number(n.number());
            case SenmlValue.Flag f -> Boolean.toString(f.flag());
            case SenmlValue.Text t -> field(defused(t.text()));
            case SenmlValue.Data d -> d.base64();
            case null -> Text.number(r.sum());
        };
    }

    /** RFC 4180 §2: a field with a comma, double quote, CR or LF is quoted, and its quotes doubled. */
    static String field(String text) {
        boolean quote =
                text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** Keeps a spreadsheet from reading text as a formula (OWASP "CSV injection"). */
    static String defused(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
