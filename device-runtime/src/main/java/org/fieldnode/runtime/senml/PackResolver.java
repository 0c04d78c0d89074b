// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.senml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns raw records into resolved {@link SenmlRecord}s: applies base fields as RFC 8428 §4.6 says (a base field
 * holds for its record and every later one until it is set again) and checks each record per §4.5.
 *
 * <p>Only what fieldnode reports is supported: numeric values ({@code v}, with {@code bv}) at absolute times.
 * String, boolean and data values, sums, and times relative to "now" are refused with a message that says so.
 */
final class PackResolver {
    /** RFC 8428 §4.4: this is version 10 of the format; a pack asking for a newer one is refused. */
    private static final double SUPPORTED_VERSION = 10;

    private static final BigDecimal EARLIEST_SECONDS = BigDecimal.valueOf(SenmlRules.EARLIEST_TIME.getEpochSecond());
    private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(SenmlRules.LATEST_TIME.getEpochSecond());

    private String baseName = "";
    private double baseTime;
    private String baseUnit = "";
    private double baseValue;

    private PackResolver() {}

    static List<SenmlRecord> resolve(List<RawRecord> raw) throws SenmlException {
        PackResolver resolver = new PackResolver();
        List<SenmlRecord> resolved = new ArrayList<>(raw.size());
        for (RawRecord record : raw) {
            resolved.add(resolver.next(record));
        }
        return List.copyOf(resolved);
    }

    private SenmlRecord next(RawRecord record) throws SenmlException {
        int i = record.index();
        refuseUnsupported(record);
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
        }
        if (record.has(SenmlLabel.BASE_UNIT)) {
            baseUnit = string(record, SenmlLabel.BASE_UNIT);
        }
        if (record.has(SenmlLabel.BASE_VALUE)) {
            baseValue = number(record, SenmlLabel.BASE_VALUE);
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

        if (!record.has(SenmlLabel.VALUE)) {
            throw SenmlException.inRecord(i, "has no \"v\" (only numeric values are supported)");
        }
        double v = number(record, SenmlLabel.VALUE);
        double value = baseValue == 0 ? v : baseValue + v; // keeps the sign of a -0.0 that needs no base value
        if (!Double.isFinite(value)) {
            throw SenmlException.inRecord(i, "\"bv\" + \"v\" is not a finite number");
        }

        double time = record.has(SenmlLabel.TIME) ? number(record, SenmlLabel.TIME) : 0;
        boolean unsynced = false;
        if (record.has(SenmlLabel.TIME_QUALITY)) {
            if (!(record.get(SenmlLabel.TIME_QUALITY) instanceof Double flag) || flag != 1.0) {
                throw SenmlException.inRecord(i, SenmlLabel.TIME_QUALITY + " must be 1 (time not synchronised)");
            }
            unsynced = true;
        }
        return new SenmlRecord(name, unit, value, absoluteTime(i, baseTime, time), unsynced);
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

    private static double number(RawRecord record, SenmlLabel label) throws SenmlException {
        if (!(record.get(label) instanceof Double number)) {
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
