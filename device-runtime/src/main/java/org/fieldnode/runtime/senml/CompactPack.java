// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.senml;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest field layout fieldnode sends for a list of resolved records (RFC 8428 §4.1 base fields):
 *
 * <ul>
 *   <li>{@code bn} on the first record: the longest prefix common to all names that ends with {@code ':'}, i.e.
 *       the node's {@code urn:dev:ops:<id>:}; each {@code n} is the rest of its name, omitted when empty;
 *   <li>{@code bt} on the first record: its time; every {@code t} is the offset from it, omitted when 0;
 *   <li>{@code bu} on the first record when all records share one non-empty unit, else {@code u} per record;
 *   <li>{@code v} on every record.
 * </ul>
 *
 * Fields keep that order ({@code bn bt bu n u v t}), the order of RFC 8428's own examples. Values are
 * {@code String}, {@code Double} (values) or {@code BigDecimal} (times in seconds, exact); each writer picks the
 * shortest encoding of its format.
 */
final class CompactPack {
    private CompactPack() {}

    static List<Map<SenmlLabel, Object>> of(List<SenmlRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
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
            fields.put(SenmlLabel.VALUE, record.value());
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
