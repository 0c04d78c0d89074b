// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns raw records into resolved {@link SenmlRecord}s: applies base fields as RFC 8428 §4.6 says (a base field
 * holds for its record and every later one until it is set again) and checks each record per §4.5.
 *
 * <p>fieldnode's compact-pack extensions (see {@link SenmlLabel} and {@link CompactPack}) are applied here:
 *
 * <ul>
 *   <li>{@code df_ = 1} on record 0: half and single floats are read as decimals ({@link DecimalFloats});
 *   <li>{@code dt_}: a base-like time step in seconds; while it holds, a record without {@code t} has the time of
 *       the record before it plus the step (the first record, and records before any step, have {@code bt});
 *       refused unless a finite number &gt; 0 that is at least 1 µs and at most 366 days once rounded to whole µs;
 *   <li>{@code to_ = 1} on record 0: the records are returned sorted by resolved time, equal times in pack order,
 *       which is the order the sender had them in.
 * </ul>
 *
 * {@code df_} and {@code to_} anywhere but in record 0, or with a value other than 1, are refused.
 *
 * <p>Two modes. <b>Strict</b> ({@link SenmlCodec#decode}, what fieldnode nodes and tools read): numeric values
 * ({@code v}, with {@code bv}) at absolute times only; string, boolean and data values, sums, and times relative to
 * "now" are refused with a message that says so. <b>Received</b> ({@link SenmlCodec#decodeReceived}, the
 * collector's view of any client): every value type ({@code v} with {@code bv}, {@code vs}, {@code vb}, {@code vd})
 * and sums ({@code s} with {@code bs}); a record with more than one value field, or with neither a value nor a sum,
 * is refused (RFC 8428 §4.6); a time below 2^28 s is relative to the time of receipt and a record with neither
 * {@code bt} nor {@code t} has the time of receipt (§4.5.3), each marked in its {@link SenmlTimeQuality}.
 */
final class PackResolver {
    /** RFC 8428 §4.4: this is version 10 of the format; a pack asking for a newer one is refused. */
    private static final double SUPPORTED_VERSION = 10;

    private static final BigDecimal EARLIEST_SECONDS = BigDecimal.valueOf(SenmlRules.EARLIEST_TIME.getEpochSecond());
    private static final BigDecimal MAX_STEP_MICROS = BigDecimal.valueOf(SenmlRules.MAX_TIME_STEP.toNanos() / 1000);
    private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(SenmlRules.LATEST_TIME.getEpochSecond());

    private String baseName = "";
    private double baseTime;
    private boolean baseTimeGiven;
    private String baseUnit = "";
    private double baseValue;
    private double baseSum;
    private final Instant receivedAt; // null: strict mode
    private boolean decimalFloats;
    private long stepMicros; // 0: no dt_ holds
    private Instant previousTime;

    private PackResolver(Instant receivedAt) {
        this.receivedAt = receivedAt;
    }

    /** Strict mode: numeric values at absolute times only. */
    static List<SenmlRecord> resolve(List<RawRecord> raw) throws SenmlException {
        List<ReceivedRecord> received = resolve(raw, null);
        List<SenmlRecord> records = new ArrayList<>(received.size());
        for (ReceivedRecord r : received) {
            records.add(new SenmlRecord(
                    r.name(),
                    r.unit(),
                    ((SenmlValue.Numeric) r.value()).number(),
                    r.time(),
                    r.timeQuality() == SenmlTimeQuality.UNSYNCED));
        }
        return List.copyOf(records);
    }

    /**
     * Resolves every value type; relative and absent times against {@code receivedAt} (microseconds are kept).
     *
     * @param receivedAt the time of receipt; {@code null} for strict mode
     */
    static List<ReceivedRecord> resolve(List<RawRecord> raw, Instant receivedAt) throws SenmlException {
        PackResolver resolver = new PackResolver(receivedAt == null ? null : receivedAt.truncatedTo(ChronoUnit.MICROS));
        boolean timeOrder = false;
        if (!raw.isEmpty()) {
            RawRecord first = raw.get(0);
            resolver.decimalFloats = resolver.flag(first, SenmlLabel.DECIMAL_FLOATS);
            timeOrder = resolver.flag(first, SenmlLabel.TIME_ORDER);
        }
        List<ReceivedRecord> resolved = new ArrayList<>(raw.size());
        for (RawRecord record : raw) {
            resolved.add(resolver.next(record));
        }
        if (timeOrder) {
            resolved.sort(Comparator.comparing(ReceivedRecord::time)); // stable: equal times keep their pack order
        }
        return List.copyOf(resolved);
    }

    /** A pack-wide flag of record 0: absent, or present with the value 1. */
    private boolean flag(RawRecord record, SenmlLabel label) throws SenmlException {
        if (!record.has(label)) {
            return false;
        }
        Object value = record.get(label);
        double number = value instanceof NarrowFloat narrow ? narrow.value() : value instanceof Double d ? d : 0;
        if (number != 1.0) {
            throw SenmlException.inRecord(record.index(), label + " must be 1");
        }
        return true;
    }

    private ReceivedRecord next(RawRecord record) throws SenmlException {
        int i = record.index();
        if (receivedAt == null) {
            refuseUnsupported(record);
        }
        if (i > 0) {
            for (SenmlLabel packWide : new SenmlLabel[] {SenmlLabel.DECIMAL_FLOATS, SenmlLabel.TIME_ORDER}) {
                if (record.has(packWide)) {
                    throw SenmlException.inRecord(
                            i, packWide + " applies to the whole pack and belongs in record 0 only");
                }
            }
        }
        if (record.has(SenmlLabel.TIME_STEP)) {
            stepMicros = timeStep(record);
        }
        if (record.has(SenmlLabel.BASE_VERSION)) {
            double version = number(record, SenmlLabel.BASE_VERSION);
            if (version != Math.rint(version) || version > SUPPORTED_VERSION) {
                throw SenmlException.inRecord(i, "\"bver\" " + version + " is not a supported version (<= 10)");
            }
        }
        if (record.has(SenmlLabel.BASE_NAME)) {
            baseName = string(record, SenmlLabel.BASE_NAME);
        }
        if (record.has(SenmlLabel.BASE_TIME)) {
            baseTime = number(record, SenmlLabel.BASE_TIME);
            baseTimeGiven = true;
        }
        if (record.has(SenmlLabel.BASE_UNIT)) {
            baseUnit = string(record, SenmlLabel.BASE_UNIT);
        }
        if (record.has(SenmlLabel.BASE_VALUE)) {
            baseValue = number(record, SenmlLabel.BASE_VALUE);
        }
        if (record.has(SenmlLabel.BASE_SUM)) {
            baseSum = number(record, SenmlLabel.BASE_SUM);
        }
        if (record.has(SenmlLabel.UPDATE_TIME)) {
            number(record, SenmlLabel.UPDATE_TIME); // checked for type, otherwise not used (§4.5.3)
        }

        String name = baseName + (record.has(SenmlLabel.NAME) ? string(record, SenmlLabel.NAME) : "");
        Optional<String> nameProblem = SenmlRules.nameProblem(name);
        if (nameProblem.isPresent()) {
            throw SenmlException.inRecord(i, nameProblem.get());
        }

        String unit = record.has(SenmlLabel.UNIT) ? string(record, SenmlLabel.UNIT) : baseUnit;
        Optional<String> unitProblem = SenmlRules.unitProblem(unit);
        if (unitProblem.isPresent()) {
            throw SenmlException.inRecord(i, unitProblem.get());
        }

        SenmlValue value = value(record);
        Double sum = null;
        if (record.has(SenmlLabel.SUM)) {
            double total = baseSum + number(record, SenmlLabel.SUM);
            if (!Double.isFinite(total)) {
                throw SenmlException.inRecord(i, "\"bs\" + \"s\" is not a finite number");
            }
            sum = total;
        }
        if (value == null && sum == null) {
            throw SenmlException.inRecord(
                    i, "has no value field (\"v\", \"vs\", \"vb\" or \"vd\") and no sum \"s\" (RFC 8428 §4.6)");
        }

        Instant resolvedTime;
        SenmlTimeQuality quality = SenmlTimeQuality.SYNCED;
        if (record.has(SenmlLabel.TIME) || stepMicros == 0 || previousTime == null) {
            boolean timeGiven = record.has(SenmlLabel.TIME) || baseTimeGiven;
            double time = record.has(SenmlLabel.TIME) ? number(record, SenmlLabel.TIME) : 0;
            if (receivedAt != null && !timeGiven) {
                resolvedTime = receivedAt;
                quality = SenmlTimeQuality.RECEIPT;
            } else if (receivedAt != null && baseTime + time < EARLIEST_SECONDS.doubleValue()) {
                resolvedTime = relativeTime(i, baseTime + time);
                quality = SenmlTimeQuality.RELATIVE;
            } else {
                resolvedTime = absoluteTime(i, baseTime, time);
            }
        } else {
            resolvedTime = previousTime.plus(stepMicros, ChronoUnit.MICROS);
            if (resolvedTime.isAfter(SenmlRules.LATEST_TIME)) {
                throw SenmlException.inRecord(i, "time from \"dt_\" is after year 9999");
            }
        }
        previousTime = resolvedTime;
        if (record.has(SenmlLabel.TIME_QUALITY)) {
            Object flag = record.get(SenmlLabel.TIME_QUALITY);
            double number = flag instanceof NarrowFloat narrow ? narrow.value() : flag instanceof Double d ? d : 0;
            if (number != 1.0) {
                throw SenmlException.inRecord(i, SenmlLabel.TIME_QUALITY + " must be 1 (time not synchronised)");
            }
            if (quality == SenmlTimeQuality.SYNCED) {
                quality = SenmlTimeQuality.UNSYNCED;
            }
        }
        return new ReceivedRecord(name, unit, value, sum, resolvedTime, quality);
    }

    /**
     * The record's one value field, or {@code null} when it has none. In strict mode only {@code v} exists here
     * ({@link #refuseUnsupported} ran), and it is required.
     */
    private SenmlValue value(RawRecord record) throws SenmlException {
        int i = record.index();
        List<String> present = new ArrayList<>(4);
        for (SenmlLabel label : new SenmlLabel[] {
            SenmlLabel.VALUE, SenmlLabel.STRING_VALUE, SenmlLabel.BOOLEAN_VALUE, SenmlLabel.DATA_VALUE
        }) {
            if (record.has(label)) {
                present.add(label.toString());
            }
        }
        if (present.size() > 1) {
            throw SenmlException.inRecord(
                    i,
                    "has more than one value field (" + String.join(", ", present)
                            + "); a record carries at most one (RFC 8428 §4.6)");
        }
        if (record.has(SenmlLabel.VALUE)) {
            double v = number(record, SenmlLabel.VALUE);
            double value = baseValue == 0 ? v : baseValue + v; // keeps the sign of a -0.0 that needs no base value
            if (!Double.isFinite(value)) {
                throw SenmlException.inRecord(i, "\"bv\" + \"v\" is not a finite number");
            }
            return new SenmlValue.Numeric(value);
        }
        if (receivedAt == null && !record.has(SenmlLabel.SUM)) {
            throw SenmlException.inRecord(i, "has no \"v\" (only numeric values are supported)");
        }
        if (record.has(SenmlLabel.STRING_VALUE)) {
            String text = string(record, SenmlLabel.STRING_VALUE);
            if (text.length() > SenmlRules.MAX_TEXT_CHARS) {
                throw SenmlException.inRecord(
                        i, "\"vs\" holds " + text.length() + " characters; at most " + SenmlRules.MAX_TEXT_CHARS);
            }
            if (text.indexOf('\u0000') >= 0) {
                // A store's text column (PostgreSQL's) cannot hold it: refused now rather than failing every retry.
                throw SenmlException.inRecord(i, "\"vs\" holds a NUL character; send bytes as \"vd\"");
            }
            return new SenmlValue.Text(text);
        }
        if (record.has(SenmlLabel.BOOLEAN_VALUE)) {
            if (!(record.get(SenmlLabel.BOOLEAN_VALUE) instanceof Boolean flag)) {
                throw SenmlException.inRecord(i, "\"vb\" must be true or false");
            }
            return new SenmlValue.Flag(flag);
        }
        if (record.has(SenmlLabel.DATA_VALUE)) {
            return new SenmlValue.Data(data(record));
        }
        return null;
    }

    /**
     * {@code vd}: a CBOR byte string, or in JSON base64url (RFC 4648 §5; RFC 8428 §5 omits the padding, which is
     * accepted too); at most {@link SenmlRules#MAX_DATA_BYTES} bytes.
     */
    private static byte[] data(RawRecord record) throws SenmlException {
        Object raw = record.get(SenmlLabel.DATA_VALUE);
        byte[] bytes;
        if (raw instanceof byte[] b) {
            bytes = b;
        } else if (raw instanceof String text) {
            if (text.length() > (SenmlRules.MAX_DATA_BYTES + 2) / 3 * 4 + 2) {
                throw SenmlException.inRecord(
                        record.index(), "\"vd\" holds more than " + SenmlRules.MAX_DATA_BYTES + " bytes");
            }
            try {
                bytes = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw SenmlException.inRecord(record.index(), "\"vd\" is not base64url (RFC 4648 §5)");
            }
        } else {
            throw SenmlException.inRecord(record.index(), "\"vd\" must be data (base64url text in JSON)");
        }
        if (bytes.length > SenmlRules.MAX_DATA_BYTES) {
            throw SenmlException.inRecord(
                    record.index(), "\"vd\" holds " + bytes.length + " bytes; at most " + SenmlRules.MAX_DATA_BYTES);
        }
        return bytes;
    }

    /** RFC 8428 §4.5.3: a time below 2^28 s is that many seconds from the time of receipt, to the microsecond. */
    private Instant relativeTime(int index, double seconds) throws SenmlException {
        long micros = new BigDecimal(seconds)
                .movePointRight(6)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValue();
        Instant resolved = receivedAt.plus(micros, ChronoUnit.MICROS);
        if (resolved.isBefore(SenmlRules.EARLIEST_TIME)) {
            throw SenmlException.inRecord(index, "relative time " + seconds + " s lies before 1978");
        }
        return resolved;
    }

    /** {@code dt_} in whole microseconds: a finite number of seconds, at least 1 µs and at most 366 days. */
    private long timeStep(RawRecord record) throws SenmlException {
        double seconds = number(record, SenmlLabel.TIME_STEP);
        BigDecimal micros = new BigDecimal(seconds).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
        if (micros.signum() <= 0 || micros.compareTo(MAX_STEP_MICROS) > 0) {
            throw SenmlException.inRecord(
                    record.index(),
                    SenmlLabel.TIME_STEP + " " + seconds + " s is not a time step: it must be at least 1 µs"
                            + " and at most 366 days");
        }
        return micros.longValueExact();
    }

    private static void refuseUnsupported(RawRecord record) throws SenmlException {
        for (SenmlLabel label :
                new SenmlLabel[] {SenmlLabel.STRING_VALUE, SenmlLabel.BOOLEAN_VALUE, SenmlLabel.DATA_VALUE}) {
            if (record.has(label)) {
                throw SenmlException.inRecord(
                        record.index(), label + " values are not supported; only numeric \"v\" values are");
            }
        }
        for (SenmlLabel label : new SenmlLabel[] {SenmlLabel.SUM, SenmlLabel.BASE_SUM}) {
            if (record.has(label)) {
                throw SenmlException.inRecord(
                        record.index(), label + " (sum) is not supported; only numeric \"v\" values are");
            }
        }
    }

    /**
     * RFC 8428 §4.5.3: the time is {@code bt + t}; below 2^28 it would be relative to the receiver's "now", which
     * fieldnode does not accept. The sum is exact; it is then rounded to the finest decimal unit, at most 1 µs,
     * that the two numbers can carry at their size (each is a double, or came in as one): {@link Math#ulp} of an
     * epoch-seconds double is 2^-22 s before 2106, so microseconds come back exact until then, and milliseconds
     * until year 9999.
     */
    private static Instant absoluteTime(int index, double baseTime, double time) throws SenmlException {
        double carried = Math.ulp(baseTime) + Math.ulp(time);
        int scale = 6;
        while (scale > 0 && Math.pow(10, -scale) <= carried) {
            scale--;
        }
        BigDecimal rounded = new BigDecimal(baseTime).add(new BigDecimal(time)).setScale(scale, RoundingMode.HALF_EVEN);
        if (rounded.compareTo(EARLIEST_SECONDS) < 0) {
            throw SenmlException.inRecord(
                    index,
                    "time " + rounded.doubleValue() + " s is relative to now"
                            + " (RFC 8428 §4.5.3); only absolute times (>= 2^28 s) are supported");
        }
        if (rounded.compareTo(LATEST_SECONDS) > 0) {
            throw SenmlException.inRecord(index, "time " + rounded.doubleValue() + " s is after year 9999");
        }
        long epochSecond = rounded.longValue();
        long nanos = rounded.subtract(BigDecimal.valueOf(epochSecond))
                .movePointRight(9)
                .longValueExact();
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private double number(RawRecord record, SenmlLabel label) throws SenmlException {
        Object value = record.get(label);
        double number;
        if (value instanceof Double d) {
            number = d;
        } else if (value instanceof NarrowFloat narrow) {
            number = narrow.number(decimalFloats);
        } else {
            throw SenmlException.inRecord(record.index(), label + " must be a number");
        }
        if (!Double.isFinite(number)) {
            throw SenmlException.inRecord(record.index(), label + " must be a finite number");
        }
        return number;
    }

    private static String string(RawRecord record, SenmlLabel label) throws SenmlException {
        if (!(record.get(label) instanceof String text)) {
            throw SenmlException.inRecord(record.index(), label + " must be a string");
        }
        return text;
    }
}
