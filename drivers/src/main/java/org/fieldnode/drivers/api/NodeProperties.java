// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to a {@link SensorNode}'s string properties. Every malformed value throws
 * {@link IllegalArgumentException} naming the key as {@code properties.<key>}, so the profile loader can point at
 * it.
 */
public final class NodeProperties {
    private NodeProperties() {}

    /** {@code true} or {@code false}; {@code fallback} when absent. */
    public static boolean bool(Map<String, String> properties, String key, boolean fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false", value);
        };
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT30S}); {@code fallback} when absent. */
    public static Duration duration(Map<String, String> properties, String key, Duration fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        String v = value.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(
                        Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(
                        Long.parseLong(v.substring(0, v.length() - 1).trim()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw invalid(key, "a duration such as 30s, 500ms or PT30S", value);
    }

    /** A finite decimal number, when present. */
    public static Optional<Double> decimal(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return Optional.of(d);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "a decimal number", value);
    }

    /** The exception for a malformed value of {@code key}. */
    public static IllegalArgumentException invalid(String key, String expected, String actual) {
        return new IllegalArgumentException("properties.%s: expected %s, got '%s'".formatted(key, expected, actual));
    }
}
