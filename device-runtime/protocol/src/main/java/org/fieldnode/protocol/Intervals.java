// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interval rule shared by profiles, the command line and the desired configuration: durations written as a
 * whole number and one unit ({@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}, {@code 1d}), read with a
 * one-sentence error that suggests the unit meant, and written back in the one canonical form {@link #format} gives
 * (the form a desired configuration stores and sends, {@code interval.env0=5m}).
 */
public final class Intervals {
    /**
     * How often a sensor may be sampled, wherever that is set (a profile's {@code sensors[].interval}, the desired
     * configuration's {@code interval.<sensor>}, the scheduler): faster than once a second a node's queue and metered
     * uplink fill with readings no village application needs; slower than once a day a sensor's silence can no longer
     * be told from its failure.
     */
    public static final Duration SAMPLE_MIN = Duration.ofSeconds(1);

    public static final Duration SAMPLE_MAX = Duration.ofDays(1);

    /** A sensor without {@code interval:} is sampled once a minute. */
    public static final Duration SAMPLE_DEFAULT = Duration.ofSeconds(60);

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Pattern OTHER_UNIT = Pattern.compile("(\\d{1,9})\\s*([A-Za-z]+)");
    private static final java.util.List<String> UNITS = java.util.List.of("ms", "s", "m", "h", "d");

    /** Units people write, and the one we read. */
    private static final java.util.Map<String, String> UNIT_WORDS = java.util.Map.ofEntries(
            java.util.Map.entry("msec", "ms"),
            java.util.Map.entry("millis", "ms"),
            java.util.Map.entry("sec", "s"),
            java.util.Map.entry("secs", "s"),
            java.util.Map.entry("second", "s"),
            java.util.Map.entry("seconds", "s"),
            java.util.Map.entry("min", "m"),
            java.util.Map.entry("mins", "m"),
            java.util.Map.entry("minute", "m"),
            java.util.Map.entry("minutes", "m"),
            java.util.Map.entry("hr", "h"),
            java.util.Map.entry("hrs", "h"),
            java.util.Map.entry("hour", "h"),
            java.util.Map.entry("hours", "h"),
            java.util.Map.entry("day", "d"),
            java.util.Map.entry("days", "d"));

    private Intervals() {}

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException with the expected format when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            Matcher other = OTHER_UNIT.matcher(text.trim());
            if (other.matches()) {
                String unit = other.group(2);
                String meant = UNIT_WORDS.getOrDefault(
                        unit.toLowerCase(java.util.Locale.ROOT),
                        Suggestions.closest(unit, UNITS).orElse(null));
                throw new IllegalArgumentException(
                        "expected a duration such as 500ms, 20s, 5m, 1h or 1d, got '" + text + "': unknown unit '"
                                + unit + "'" + (meant == null ? "" : ", did you mean " + other.group(1) + meant + "?"));
            }
            throw new IllegalArgumentException(
                    "expected a duration such as 500ms, 20s, 5m, 1h or 1d, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest exact form {@link #parse} reads back, e.g. {@code 90s}, {@code 5m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 86_400 == 0 && seconds > 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    /** True when {@code interval} is a sampling interval: from {@link #SAMPLE_MIN} to {@link #SAMPLE_MAX}. */
    public static boolean isSampleInterval(Duration interval) {
        return interval != null && within(interval, SAMPLE_MIN, SAMPLE_MAX);
    }

    /** True when {@code duration} lies within {@code min..max}, both included. */
    public static boolean within(Duration duration, Duration min, Duration max) {
        return duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0;
    }
}
