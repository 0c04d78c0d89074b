// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;

/**
 * One device's row of desired configuration as every store keeps it ({@code device_config}: the desired set as
 * canonical {@code key=value} lines, versions, times in microseconds) and the rules of {@link DesiredConfigs} on it,
 * so that each store only reads and writes the row.
 *
 * @param desiredVersion 0 until {@code config set}; each set adds one
 * @param desired the whole desired set, one canonical {@code key=value} per line, sorted by key
 */
public record DesiredConfigRow(
        long desiredVersion,
        String desired,
        OptionalLong desiredUs,
        OptionalLong applied,
        OptionalLong reportedUs,
        OptionalLong rejected,
        Optional<String> reason) {

    /** The highest version the device has or has reported: the next set is one more. */
    public long highestVersion() {
        return Math.max(desiredVersion, Math.max(applied.orElse(0), rejected.orElse(0)));
    }

    /**
     * The configuration after {@code changes} (an empty value removes the key) on top of {@code row}'s, one
     * version above anything the device has seen.
     *
     * @throws IllegalArgumentException when it would not fit one datagram
     */
    public static DesiredConfig afterSet(Optional<DesiredConfigRow> row, Map<String, String> changes) {
        SortedMap<String, String> entries = row.map(r -> parse(r.desired)).orElseGet(TreeMap::new);
        changes.forEach((key, value) -> {
            if (value.isEmpty()) {
                entries.remove(key);
            } else {
                entries.put(key, value);
            }
        });
        DesiredConfig config =
                new DesiredConfig(1 + row.map(DesiredConfigRow::highestVersion).orElse(0L), entries);
        DesiredConfigCodec.encode(config); // refuses a set that would not fit one datagram
        return config;
    }

    /** True when {@code report}'s applied version is news for {@code row}. */
    public static boolean appliedChanged(Optional<DesiredConfigRow> row, ConfigReport report) {
        return row.isEmpty() || row.get().applied.isEmpty() || row.get().applied.getAsLong() != report.applied();
    }

    /** True when {@code report} refuses a version (or gives a reason) {@code row} does not hold yet. */
    public static boolean rejectionChanged(Optional<DesiredConfigRow> row, ConfigReport report) {
        return report.rejected().isPresent()
                && (row.isEmpty()
                        || !row.get().rejected.equals(report.rejected())
                        || (report.reason().isPresent() && !report.reason().equals(row.get().reason)));
    }

    /** What to send back to a node that reported {@code report}: the desired set when it is newer than both. */
    public static Optional<DesiredConfig> answer(Optional<DesiredConfigRow> row, ConfigReport report) {
        if (row.isEmpty() || row.get().desiredVersion == 0) {
            return Optional.empty();
        }
        long rejected = report.rejected().orElse(row.get().rejected.orElse(0));
        long desired = row.get().desiredVersion;
        if (desired <= report.applied() || desired <= rejected) {
            return Optional.empty();
        }
        return Optional.of(new DesiredConfig(desired, parse(row.get().desired)));
    }

    /** The row as {@link DesiredConfigs#status} says it. */
    public ConfigStatus status(String device) {
        return new ConfigStatus(
                device,
                desiredVersion == 0 ? Optional.empty() : Optional.of(new DesiredConfig(desiredVersion, parse(desired))),
                instant(desiredUs),
                applied,
                rejected,
                reason,
                instant(reportedUs));
    }

    private static Optional<Instant> instant(OptionalLong micros) {
        return micros.isPresent()
                ? Optional.of(Instant.EPOCH.plus(micros.getAsLong(), ChronoUnit.MICROS))
                : Optional.empty();
    }

    /** The {@code desired} column: one canonical {@code key=value} per line, sorted by key. */
    public static String format(SortedMap<String, String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    /** The entries of a {@code desired} column. */
    public static SortedMap<String, String> parse(String text) {
        SortedMap<String, String> entries = new TreeMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                entries.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return entries;
    }
}
