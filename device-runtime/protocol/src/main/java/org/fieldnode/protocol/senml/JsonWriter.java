// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a compact pack as SenML JSON (RFC 8428 §5, RFC 8259) without whitespace. Values are written as integers
 * when integral and below 2^53 in magnitude, otherwise in Java's shortest round-tripping decimal form (always
 * valid JSON, e.g. {@code 2.5E-7}); times as exact decimal seconds, e.g. {@code 1700000000.125}.
 */
final class JsonWriter {
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private final StringBuilder out = new StringBuilder(256);

    private JsonWriter() {}

    static byte[] write(List<Map<SenmlLabel, Object>> pack) {
        JsonWriter writer = new JsonWriter();
        writer.out.append('[');
        for (int i = 0; i < pack.size(); i++) {
            if (i > 0) {
                writer.out.append(',');
            }
            writer.record(pack.get(i));
        }
        writer.out.append(']');
        return writer.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void record(Map<SenmlLabel, Object> record) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<SenmlLabel, Object> field : record.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(field.getKey().json());
            out.append(':');
            switch (field.getValue()) {
                case String text -> string(text);
                case Double number -> number(number);
                case BigDecimal seconds -> out.append(seconds.toPlainString());
                default ->
                    throw new IllegalArgumentException(
                            "no JSON form for " + field.getValue().getClass());
            }
        }
        out.append('}');
    }

    private void number(double value) {
        boolean negativeZero = value == 0 && Double.doubleToRawLongBits(value) != 0;
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT && !negativeZero) {
            out.append((long) value);
        } else {
            out.append(value); // Double.toString: shortest decimal that reads back as the same double
        }
    }

    /** RFC 8259 §7: quote, escape quote, backslash and control characters. */
    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
