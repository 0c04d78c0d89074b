// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

/**
 * Neutralises text that a peer supplied (a diagnostic payload, a certificate subject) before it goes into a log
 * line (SECURITY R29): control characters — CR and LF above all, which would let a peer forge log lines — and
 * other non-printing characters become {@code \\uXXXX}, and the text is cut to a bounded length. Backslashes are
 * kept, so a second pass leaves earlier escapes alone.
 */
public final class PeerText {
    /** Longest text kept, in characters, before the cut marker. */
    public static final int MAX_CHARS = 160;

    private PeerText() {}

    /** The neutralised form of {@code text}; {@code "-"} for null. */
    public static String neutralise(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            boolean printable = c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) && c != '\u2028' && c != '\u2029';
            if (printable) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (out.length() >= MAX_CHARS && text.length() > MAX_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
