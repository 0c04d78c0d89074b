// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as written in profiles: {@code 65536}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}. */
final class ByteSizes {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern OTHER_UNIT = Pattern.compile("(\\d{1,12})\\s*([A-Za-z]+)");

    private ByteSizes() {}

    /** @throws IllegalArgumentException with the expected format */
    static long parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            Matcher other = OTHER_UNIT.matcher(text.trim());
            if (other.matches()) {
                String unit = other.group(2);
                String meant = switch (unit.toUpperCase(java.util.Locale.ROOT)) {
                    case "K", "KB", "KIB" -> "KiB";
                    case "M", "MB", "MIB" -> "MiB";
                    case "G", "GB", "GIB" -> "GiB";
                    default -> null;
                };
                throw new IllegalArgumentException(
                        "expected a size such as 512KiB, 64MiB or 1GiB, got '" + text + "': unknown unit '" + unit + "'"
                                + (meant == null ? "" : ", did you mean " + other.group(1) + meant + "?"));
            }
            throw new IllegalArgumentException("expected a size such as 512KiB, 64MiB or 1GiB, got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return amount << shift;
    }

    /** The largest exact unit: {@code 64MiB}, {@code 512KiB}, {@code 1000} (bytes). */
    static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }
}
