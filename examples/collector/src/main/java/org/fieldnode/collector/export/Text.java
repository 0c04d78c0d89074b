// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Number and text forms shared by the exports and the web page. */
public final class Text {
    private Text() {}

    /** The shortest decimal that reads back as {@code value}, without a trailing {@code .0}: 21.5, 101325, 1.0E-7. */
    public static String number(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    /** Seconds since the epoch as an exact decimal (microsecond digits at most): 1772366400, 1772366401.25. */
    public static String epochSeconds(Instant time) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        if (fraction == 0) {
            return Long.toString(seconds);
        }
        String digits = String.format("%06d", fraction).replaceAll("0+$", "");
        return seconds + "." + digits;
    }

    /** A JSON string literal (RFC 8259 §7), with control characters, quotes, backslashes and DEL escaped. */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // < and > too, so that JSON embedded in a page can never close a <script> element
                    if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
