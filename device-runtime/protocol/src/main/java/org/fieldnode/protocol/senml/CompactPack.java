// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest field layout fieldnode sends for a list of resolved records, all inside RFC 8428 (base fields,
 * §4.1; must-understand extensions whose label ends in {@code _}, §4.4). Two layouts:
 *
 * <p><b>Series runs</b>, when some series has two or more records (a batch of several samples):
 *
 * <ul>
 *   <li>records are grouped by series (the order of first appearance; time order within a series), so each run of
 *       one series is consecutive. The first record of a run sets {@code bn} to the series' full name and {@code bu}
 *       to its unit (each only when it changes); later records of the run carry neither name nor unit (a unit that
 *       changes within a series is set again where it changes);
 *   <li>a run whose values are all integers and reach beyond ±65535 (pressure in Pa) sets {@code bv} to the middle of
 *       its range, so each {@code v} is a small integer; the next run resets {@code bv} when it needs another;
 *   <li>{@code dt_} (the time step, {@link SenmlLabel#TIME_STEP}) is set on a run's first record to the most common
 *       gap between its readings; a record whose time is the previous record's time plus {@code dt_} carries no
 *       {@code t}. A missed sample (a longer gap) costs one explicit {@code t}, after which the steps go on;
 *   <li>when grouping changed the order of the records, record 0 carries {@code to_ = 1}
 *       ({@link SenmlLabel#TIME_ORDER}): the sender's order is the records' time order, equal times in pack order.
 *       Records given in time order are always grouped so that this rule gives their order back (a series sampled
 *       at one instant in another order than before starts a second run); records whose times go backwards (a
 *       clock stepped back) stay in their order, in runs of consecutive records of one series.
 * </ul>
 *
 * <p><b>One record per series</b> (one sample of several series): {@code bn} on record 0 is the longest prefix
 * common to all names that ends with {@code ':'} (e.g. {@code urn:dev:ops:<id>:}), each {@code n} the rest; one
 * {@code bu} when all units agree, else {@code u} per record.
 *
 * <p>In both, {@code bt} on record 0 is its time and a needed {@code t} is the offset from it; {@code tq_} marks a
 * time taken on an unsynchronised clock. With {@code decimalFloats} (CBOR), record 0 carries {@code df_ = 1} when
 * some number travels shorter as a decimal float ({@link DecimalFloats}), and the writer then picks widths by that
 * reading. Fields keep the order of {@link SenmlLabel}. Values are {@code String}, {@code Double} or
 * {@code BigDecimal} (seconds, exact).
 */
final class CompactPack {
    /** An integral run whose values reach beyond this magnitude gets a base value (CBOR: 5-byte integers above). */
    private static final double BASE_VALUE_FROM = 65_535;

    private CompactPack() {}

    static List<Map<SenmlLabel, Object>> of(List<SenmlRecord> records, boolean decimalFloats) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<Map<SenmlLabel, Object>> pack = hasRuns(records) ? runs(records) : oneEach(records);
        if (decimalFloats && decimalFloatsHelp(pack)) {
            pack.get(0).put(SenmlLabel.DECIMAL_FLOATS, 1.0);
        }
        return pack;
    }

    private static boolean hasRuns(List<SenmlRecord> records) {
        return records.stream().map(SenmlRecord::name).distinct().count() < records.size();
    }

    private static List<Map<SenmlLabel, Object>> runs(List<SenmlRecord> records) {
        List<SenmlRecord> ordered = grouped(records);
        boolean timeOrder = !ordered.equals(records);
        Instant baseTime = ordered.get(0).time();
        BigDecimal baseSeconds = seconds(baseTime);

        List<Map<SenmlLabel, Object>> pack = new ArrayList<>(ordered.size());
        String name = "";
        String unit = "";
        double baseValue = 0;
        long stepMillis = 0;
        Instant previous = null;
        for (int start = 0; start < ordered.size(); ) {
            int end = start;
            while (end < ordered.size()
                    && ordered.get(end).name().equals(ordered.get(start).name())) {
                end++;
            }
            List<SenmlRecord> run = ordered.subList(start, end);
            for (int i = 0; i < run.size(); i++) {
                SenmlRecord record = run.get(i);
                Map<SenmlLabel, Object> fields = new EnumMap<>(SenmlLabel.class);
                if (pack.isEmpty()) {
                    fields.put(SenmlLabel.BASE_TIME, baseSeconds);
                    if (timeOrder) {
                        fields.put(SenmlLabel.TIME_ORDER, 1.0);
                    }
                }
                if (i == 0) {
                    if (!record.name().equals(name)) {
                        name = record.name();
                        fields.put(SenmlLabel.BASE_NAME, name);
                    }
                    double runBase = baseValue(run);
                    if (runBase != baseValue) {
                        baseValue = runBase;
                        fields.put(SenmlLabel.BASE_VALUE, baseValue);
                    }
                    long runStep = commonStepMillis(run);
                    if (runStep > 0 && runStep != stepMillis) {
                        stepMillis = runStep;
                        fields.put(
                                SenmlLabel.TIME_STEP,
                                BigDecimal.valueOf(stepMillis, 3).stripTrailingZeros());
                    }
                }
                if (!record.unit().equals(unit)) { // normally once per run; again if a series changes unit
                    unit = record.unit();
                    fields.put(SenmlLabel.BASE_UNIT, unit);
                }
                putValue(fields, record, baseValue);
                Instant implied = stepMillis > 0 && previous != null ? previous.plusMillis(stepMillis) : baseTime;
                if (!implied.equals(record.time()) || !wholeMillis(record.time())) {
                    BigDecimal offset = seconds(record.time()).subtract(baseSeconds);
                    fields.put(SenmlLabel.TIME, offset);
                }
                if (record.timeUnsynced()) {
                    fields.put(SenmlLabel.TIME_QUALITY, 1.0);
                }
                previous = record.time();
                pack.add(fields);
            }
            start = end;
        }
        return pack;
    }

    /**
     * The records in series runs whose time order gives their order back (the rule of {@code to_}), or the records
     * as they are when their times go backwards somewhere (then no order but their own can be restored).
     *
     * <p>Records are taken in their order and each joins the last run of its series, unless a later run already
     * holds a record of the same time: then the stable time sort would put it after that record although it came
     * before, so it starts a new run of its series at the end (the series sampled in another order at that instant).
     */
    private static List<SenmlRecord> grouped(List<SenmlRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).time().isBefore(records.get(i - 1).time())) {
                return records;
            }
        }
        List<List<SenmlRecord>> runs = new ArrayList<>();
        Map<String, Integer> lastRun = new HashMap<>();
        Instant groupTime = null;
        int lastTouched = -1; // the latest run that received a record of groupTime
        for (SenmlRecord record : records) {
            if (!record.time().equals(groupTime)) {
                groupTime = record.time();
                lastTouched = -1;
            }
            Integer run = lastRun.get(record.name());
            if (run == null || run < lastTouched) {
                run = runs.size();
                runs.add(new ArrayList<>());
                lastRun.put(record.name(), run);
            }
            runs.get(run).add(record);
            lastTouched = Math.max(lastTouched, run);
        }
        List<SenmlRecord> ordered = new ArrayList<>(records.size());
        runs.forEach(ordered::addAll);
        return ordered;
    }

    /** The record's value in its field: {@code v} less the base value, {@code vb}, the sum {@code s}, or {@code vs}. */
    private static void putValue(Map<SenmlLabel, Object> fields, SenmlRecord record, double baseValue) {
        switch (record.kind()) {
            case VALUE -> fields.put(SenmlLabel.VALUE, baseValue == 0 ? record.value() : record.value() - baseValue);
            case BOOLEAN -> fields.put(SenmlLabel.BOOLEAN_VALUE, record.value() == 1);
            case SUM -> fields.put(SenmlLabel.SUM, record.value());
            case STRING -> fields.put(SenmlLabel.STRING_VALUE, record.text());
        }
    }

    /** The middle of an integral run's range when its values are large, so each offset is a small integer. */
    private static double baseValue(List<SenmlRecord> run) {
        if (run.stream().anyMatch(r -> r.kind() != SenmlRecord.Kind.VALUE)) {
            return 0; // bv applies to v only (RFC 8428 §4.1)
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SenmlRecord record : run) {
            double v = record.value();
            if (v != Math.rint(v) || Math.abs(v) > 0x1p52 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
                return 0; // fractions, huge values and -0.0 (whose sign a sum would lose) travel as they are
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (Math.max(Math.abs(min), Math.abs(max)) <= BASE_VALUE_FROM) {
            return 0;
        }
        return Math.floor((min + max) / 2);
    }

    /** The most common gap between consecutive readings of a run, in whole milliseconds; 0 when there is none. */
    private static long commonStepMillis(List<SenmlRecord> run) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 1; i < run.size(); i++) {
            Instant from = run.get(i - 1).time();
            Instant to = run.get(i).time();
            if (wholeMillis(from)
                    && wholeMillis(to)
                    && to.isAfter(from)
                    && !Duration.between(from, to)
                            .minus(SenmlRules.MAX_TIME_STEP)
                            .isPositive()) {
                counts.merge(Duration.between(from, to).toMillis(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(0L);
    }

    private static boolean wholeMillis(Instant time) {
        return time.getNano() % 1_000_000 == 0;
    }

    private static List<Map<SenmlLabel, Object>> oneEach(List<SenmlRecord> records) {
        String baseName = commonBaseName(records);
        String baseUnit = commonUnit(records);
        BigDecimal baseTime = seconds(records.get(0).time());

        List<Map<SenmlLabel, Object>> pack = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SenmlRecord record = records.get(i);
            Map<SenmlLabel, Object> fields = new EnumMap<>(SenmlLabel.class);
            if (i == 0) {
                if (!baseName.isEmpty()) {
                    fields.put(SenmlLabel.BASE_NAME, baseName);
                }
                fields.put(SenmlLabel.BASE_TIME, baseTime);
                if (!baseUnit.isEmpty()) {
                    fields.put(SenmlLabel.BASE_UNIT, baseUnit);
                }
            }
            String relativeName = record.name().substring(baseName.length());
            if (!relativeName.isEmpty()) {
                fields.put(SenmlLabel.NAME, relativeName);
            }
            if (baseUnit.isEmpty() && !record.unit().isEmpty()) {
                fields.put(SenmlLabel.UNIT, record.unit());
            }
            putValue(fields, record, 0);
            BigDecimal offset = seconds(record.time()).subtract(baseTime);
            if (offset.signum() != 0) {
                fields.put(SenmlLabel.TIME, offset);
            }
            if (record.timeUnsynced()) {
                fields.put(SenmlLabel.TIME_QUALITY, 1.0);
            }
            pack.add(fields); // an EnumMap iterates in SenmlLabel order: bn bt bu n u v t
        }
        return pack;
    }

    /** True when some number travels shorter as a decimal float than as an exact one. */
    private static boolean decimalFloatsHelp(List<Map<SenmlLabel, Object>> pack) {
        for (Map<SenmlLabel, Object> fields : pack) {
            for (Object value : fields.values()) {
                double number;
                if (value instanceof Double d) {
                    number = d;
                } else if (value instanceof BigDecimal seconds && seconds.scale() > 0) {
                    number = seconds.doubleValue();
                } else {
                    continue;
                }
                if (number != Math.rint(number) && DecimalFloats.width(number) < DecimalFloats.exactWidth(number)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String commonBaseName(List<SenmlRecord> records) {
        String first = records.get(0).name();
        int common = first.length();
        for (SenmlRecord record : records) {
            String name = record.name();
            int limit = Math.min(common, name.length());
            int same = 0;
            while (same < limit && name.charAt(same) == first.charAt(same)) {
                same++;
            }
            common = same;
        }
        int colon = first.lastIndexOf(':', common - 1);
        return colon < 0 ? "" : first.substring(0, colon + 1);
    }

    private static String commonUnit(List<SenmlRecord> records) {
        String unit = records.get(0).unit();
        for (SenmlRecord record : records) {
            if (!record.unit().equals(unit)) {
                return "";
            }
        }
        return unit;
    }

    /** Seconds since the epoch, exact (RFC 8428 §4.5.3: times are seconds, fractions allowed). */
    static BigDecimal seconds(Instant time) {
        return BigDecimal.valueOf(time.getEpochSecond())
                .add(BigDecimal.valueOf(time.getNano(), 9))
                .stripTrailingZeros();
    }
}
