// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.desired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldnode.protocol.Intervals;
import org.fieldnode.protocol.Quantities;
import org.fieldnode.protocol.SensorIds;
import org.fieldnode.protocol.cbor.CborException;
import org.fieldnode.protocol.cbor.CborReader;
import org.fieldnode.protocol.cbor.CborWriter;

/**
 * The desired configuration (the node's twin) on the wire, both ways, as pure functions: the collector encodes
 * with it, the node decodes and validates with it. Nothing here applies a configuration.
 *
 * <p><b>Keys and values</b> (text; {@link #canonical} gives the one form that is stored and sent):
 *
 * <pre>
 * interval.&lt;sensor&gt;             a duration 1s..1d: 500ms 20s 5m 1h 1d (canonical: the shortest exact form)
 * deadband.&lt;sensor&gt;.&lt;quantity&gt;  a step &gt;= 0, decimal, e.g. 0.1 (quantity from the SENSORS.md vocabulary)
 * queue.fsync                    per-record | per-batch | interval:&lt;duration 100ms..1h&gt;
 * update.sequence                the release the node should run: 1..2^32-1 (issue 16, {@code UpdateReports})
 * </pre>
 *
 * {@code <sensor>} is a profile sensor id ({@link SensorIds}), {@code <quantity>} one of the {@link Quantities}
 * vocabulary: this codec checks both, so that {@code collector config set} refuses a typo at once. Whether the node
 * has that sensor, measures that quantity or runs a deadband on it is the node's to judge when it applies the
 * configuration; it refuses what does not fit its profile and sends the reason back ({@code cr}/{@code cw} below).
 * At most {@value #MAX_ENTRIES} entries.
 *
 * <p><b>Collector to node: the payload of the 2.04 that acknowledges a report</b>, Content-Format 60
 * ({@code application/cbor}), only when the collector holds a desired version newer than the node last reported
 * (applied or rejected). Definite-length CBOR (RFC 8949), written and read with the contract's one {@link
 * CborWriter} and {@link CborReader}, heads of at most 4-byte arguments, at most {@value #MAX_PAYLOAD_BYTES} bytes so that it fits
 * one datagram without block-wise transfer:
 *
 * <pre>
 * A2                      map(2)
 *    00 &lt;uint&gt;           0: version (1..2^32-1)
 *    01 A&lt;n&gt;             1: map(n) of the whole desired set, keys sorted
 *       &lt;text&gt; &lt;text&gt;   key, canonical value
 * e.g. {0: 3, 1: {"interval.env0": "5m"}} = A2 00 03 01 A1 6D "interval.env0" 62 "5m" (21 bytes)
 * </pre>
 *
 * <p><b>Node to collector: Uri-Query options of the next report</b> (next to {@code s=<sequence>}):
 *
 * <pre>
 * c=&lt;version&gt;    every report: the version the node runs, 0 when none; also tells the collector the node
 *                 understands desired configurations (a node that never sends c= is never sent one)
 * cr=&lt;version&gt;   the node refused that version (it keeps running version c)
 * cw=&lt;reason&gt;    why, at most {@value #MAX_REASON_BYTES} bytes of printable ASCII
 * </pre>
 *
 * The node sends {@code cr}/{@code cw} in the reports after a refusal until one of them is acknowledged; the
 * collector keeps the last refusal and does not send that version again. A report costs 4–6 bytes more with
 * {@code c=}; a refusal about 70 once. No exchange of its own, no resource on the node (SECURITY R19).
 */
public final class DesiredConfigCodec {
    /** CoAP Content-Format {@code application/cbor} (RFC 7049 / IANA CoAP registry). */
    public static final int CONTENT_FORMAT = 60;

    public static final int MAX_ENTRIES = 32;
    public static final int MAX_PAYLOAD_BYTES = 1024;
    public static final int MAX_REASON_BYTES = 64;
    public static final long MAX_VERSION = 0xFFFF_FFFFL;

    /** Uri-Query names, see the class comment. */
    public static final String APPLIED = "c";

    public static final String REJECTED = "cr";
    public static final String REASON = "cw";

    static final String INTERVAL = "interval.";
    static final String DEADBAND = "deadband.";
    static final String QUEUE_FSYNC = "queue.fsync";
    /** The release sequence a node should run ({@code collector update assign}). */
    public static final String UPDATE_SEQUENCE = "update.sequence";

    private static final Duration MIN_INTERVAL = Intervals.SAMPLE_MIN;
    private static final Duration MAX_INTERVAL = Intervals.SAMPLE_MAX;
    private static final Duration MIN_FSYNC_INTERVAL = Duration.ofMillis(100);
    private static final Duration MAX_FSYNC_INTERVAL = Duration.ofHours(1);
    private static final BigDecimal MAX_STEP = new BigDecimal("1e9");

    private DesiredConfigCodec() {}

    /**
     * Checks one entry and gives its value in canonical form.
     *
     * @throws DesiredConfigException naming the key and what was expected
     */
    public static String canonical(String key, String value) throws DesiredConfigException {
        if (key.startsWith(INTERVAL)) {
            String sensor = key.substring(INTERVAL.length());
            requireSensor(key, sensor);
            return Intervals.format(duration(key, value, MIN_INTERVAL, MAX_INTERVAL));
        }
        if (key.startsWith(DEADBAND)) {
            String rest = key.substring(DEADBAND.length());
            int dot = rest.lastIndexOf('.');
            if (dot < 0) {
                throw new DesiredConfigException(key + ": expected deadband.<sensor>.<quantity>");
            }
            requireSensor(key, rest.substring(0, dot));
            String quantity = rest.substring(dot + 1);
            if (!Quantities.isKnown(quantity)) {
                throw new DesiredConfigException(key + ": unknown quantity '" + quantity + "'");
            }
            return step(key, value);
        }
        if (key.equals(QUEUE_FSYNC)) {
            if (value.equals("per-record") || value.equals("per-batch")) {
                return value;
            }
            if (value.startsWith("interval:")) {
                Duration every =
                        duration(key, value.substring("interval:".length()), MIN_FSYNC_INTERVAL, MAX_FSYNC_INTERVAL);
                return "interval:" + Intervals.format(every);
            }
            throw new DesiredConfigException(key + ": expected per-record|per-batch|interval:<duration>");
        }
        if (key.equals(UPDATE_SEQUENCE)) {
            try {
                long sequence = Long.parseLong(value);
                if (sequence >= 1 && sequence <= MAX_VERSION && value.equals(Long.toString(sequence))) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new DesiredConfigException(key + ": expected a release sequence 1.." + MAX_VERSION);
        }
        throw new DesiredConfigException("unknown key '" + key + "'");
    }

    /**
     * Reads {@code key=value} as typed on the collector's command line.
     *
     * @return the key and its canonical value
     * @throws DesiredConfigException when there is no {@code =} or the entry is not valid
     */
    public static Map.Entry<String, String> parseAssignment(String assignment) throws DesiredConfigException {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new DesiredConfigException("expected key=value, got '" + assignment + "'");
        }
        String key = assignment.substring(0, equals).trim();
        return Map.entry(key, canonical(key, assignment.substring(equals + 1).trim()));
    }

    /**
     * The 2.04 payload for {@code config}; layout in the class comment.
     *
     * @throws IllegalArgumentException when it would exceed {@value #MAX_PAYLOAD_BYTES} bytes
     */
    public static byte[] encode(DesiredConfig config) {
        CborWriter out = new CborWriter(64)
                .map(2)
                .integer(0)
                .integer(config.version())
                .integer(1)
                .map(config.entries().size());
        for (Map.Entry<String, String> e : config.entries().entrySet()) {
            out.text(e.getKey()).text(e.getValue());
        }
        if (out.size() > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("desired configuration takes " + out.size() + " bytes, at most "
                    + MAX_PAYLOAD_BYTES + " fit one datagram");
        }
        return out.toByteArray();
    }

    /**
     * Reads and checks a 2.04 payload; every entry must be valid (a node applies all or nothing).
     *
     * @throws DesiredConfigException with a short reason to send back as {@code cw=}
     */
    public static DesiredConfig decode(byte[] payload) throws DesiredConfigException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new DesiredConfigException("payload of " + payload.length + " bytes is too long");
        }
        CborReader in = new CborReader(payload);
        if (head(in, 5) != 2 || head(in, 0) != 0) {
            throw new DesiredConfigException("expected map {0: version, 1: entries}");
        }
        long version = head(in, 0);
        if (version < 1 || version > MAX_VERSION) {
            throw new DesiredConfigException("version " + version + " out of range");
        }
        if (head(in, 0) != 1) {
            throw new DesiredConfigException("expected map {0: version, 1: entries}");
        }
        long count = head(in, 5);
        if (count > MAX_ENTRIES) {
            throw new DesiredConfigException(count + " entries, at most " + MAX_ENTRIES);
        }
        SortedMap<String, String> entries = new TreeMap<>();
        for (long i = 0; i < count; i++) {
            String key = text(in);
            String value = text(in);
            if (entries.put(key, canonical(key, value)) != null) {
                throw new DesiredConfigException("duplicate key '" + key + "'");
            }
        }
        if (in.remaining() != 0) {
            throw new DesiredConfigException(in.remaining() + " bytes after the map");
        }
        return new DesiredConfig(version, entries);
    }

    /**
     * The Uri-Query options a node adds to a report: {@code c=<applied>}, and after a refusal {@code cr=} and
     * {@code cw=} (the reason made {@link #shortReason short}).
     */
    public static List<String> reportQueries(long applied, OptionalLong rejected, Optional<String> reason) {
        if (applied < 0 || applied > MAX_VERSION) {
            throw new IllegalArgumentException("applied version must be 0.." + MAX_VERSION + ", got " + applied);
        }
        List<String> queries = new ArrayList<>(3);
        queries.add(APPLIED + "=" + applied);
        if (rejected.isPresent()) {
            queries.add(REJECTED + "=" + rejected.getAsLong());
            reason.ifPresent(r -> queries.add(REASON + "=" + shortReason(r)));
        }
        return queries;
    }

    /**
     * {@code text} as printable ASCII (anything else becomes {@code ?}), cut to {@value #MAX_REASON_BYTES} bytes:
     * it travels in a Uri-Query option and is shown to an operator.
     */
    public static String shortReason(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON_BYTES));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON_BYTES; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static void requireSensor(String key, String sensor) throws DesiredConfigException {
        if (!SensorIds.isValid(sensor)) {
            throw new DesiredConfigException(key + ": sensor id must match " + SensorIds.PATTERN);
        }
    }

    private static Duration duration(String key, String value, Duration min, Duration max)
            throws DesiredConfigException {
        Duration d;
        try {
            d = Intervals.parse(value);
        } catch (IllegalArgumentException e) {
            throw new DesiredConfigException(key + ": expected a duration like 30s or 5m, got '" + value + "'");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new DesiredConfigException(
                    key + ": " + value + " is outside " + Intervals.format(min) + ".." + Intervals.format(max));
        }
        return d;
    }

    private static String step(String key, String value) throws DesiredConfigException {
        BigDecimal step;
        try {
            if (value.length() > 24) {
                throw new NumberFormatException();
            }
            step = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new DesiredConfigException(key + ": expected a step like 0.1, got '" + value + "'");
        }
        if (step.signum() < 0 || step.compareTo(MAX_STEP) > 0) {
            throw new DesiredConfigException(key + ": step must be 0..1e9, got " + value);
        }
        return step.signum() == 0 ? "0" : step.stripTrailingZeros().toPlainString();
    }

    /** A head of major type {@code major} with an argument of at most 4 bytes: all this format uses. */
    private static long head(CborReader in, int major) throws DesiredConfigException {
        int at = in.position();
        int initial;
        try {
            initial = in.peek();
        } catch (CborException e) {
            throw new DesiredConfigException("payload ends early at byte " + at);
        }
        if (CborReader.major(initial) != major) {
            throw new DesiredConfigException(
                    "byte " + at + ": expected CBOR major type " + major + ", got " + CborReader.major(initial));
        }
        if (CborReader.info(initial) > 26) {
            throw new DesiredConfigException("byte " + at + ": unsupported CBOR length");
        }
        try {
            return in.head();
        } catch (CborException e) {
            throw new DesiredConfigException("payload ends early at byte " + e.position());
        }
    }

    private static String text(CborReader in) throws DesiredConfigException {
        long length = head(in, 3);
        if (length > in.remaining() || length > 128) {
            throw new DesiredConfigException("byte " + in.position() + ": text of " + length + " bytes is too long");
        }
        try {
            return in.utf8(length);
        } catch (CborException e) {
            throw new DesiredConfigException("byte " + in.position() + ": text is not UTF-8");
        }
    }
}
