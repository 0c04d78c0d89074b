// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

/** Peer-supplied text made safe for one log line (SECURITY R29): quoted, control characters escaped, shortened. */
final class Printable {
    private static final int LIMIT = 80;

    private Printable() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length() && i < LIMIT; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\'' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > LIMIT ? "...'" : "'").toString();
    }
}
