// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The validity rules of RFC 8428 §4.5 that both the record type and the decoder apply, plus payload limits. */
final class SenmlRules {
    /** Largest payload the decoder reads; bigger packs are refused before parsing. */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Most records the decoder accepts in one pack. */
    static final int MAX_RECORDS = 1024;

    /** Longest string value ({@code vs}) accepted, in UTF-16 units. */
    static final int MAX_TEXT_CHARS = 1024;

    /** Largest data value ({@code vd}) accepted, in bytes after base64 decoding. */
    static final int MAX_DATA_BYTES = 1024;

    /** RFC 8428 §4.5.3: a resolved time below 2^28 s is relative to now, so absolute times start here. */
    static final Instant EARLIEST_TIME = Instant.ofEpochSecond(1L << 28);

    /** The last second of year 9999: a generous bound that keeps arithmetic on times small. */
    static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /** The longest time step {@code dt_} may carry. */
    static final Duration MAX_TIME_STEP = Duration.ofDays(366);

    /** Longest excerpt of a peer-supplied string that goes into a message. */
    private static final int QUOTE_LIMIT = 64;

    private SenmlRules() {}

    /** RFC 8428 §4.5.1: non-empty, {@code A-Z a-z 0-9 - : . / _}, first character a letter or digit. */
    static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("name is empty (neither \"bn\" nor \"n\" gives one)");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return Optional.of("name " + quote(name) + " has a character outside A-Z a-z 0-9 - : . / _"
                        + " (RFC 8428 §4.5.1)");
            }
        }
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            return Optional.of("name " + quote(name) + " must start with a letter or digit (RFC 8428 §4.5.1)");
        }
        return Optional.empty();
    }

    /** Units are registered symbols (RFC 8428 §12.1) such as {@code Cel} or {@code %RH}: printable ASCII. */
    static Optional<String> unitProblem(String unit) {
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return Optional.of("unit " + quote(unit) + " must be printable ASCII without spaces");
            }
        }
        return Optional.empty();
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == ':'
                || c == '.'
                || c == '/'
                || c == '_';
    }

    /** Quotes a peer-supplied string for a log line or diagnostic: escapes non-printable characters, shortens. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTE_LIMIT) + 8).append('"');
        int limit = Math.min(text.length(), QUOTE_LIMIT);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > limit) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
