// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.web;

/** HTML escaping for text and quoted attribute values (HTML 5 §13.1.2.6). Everything from a node goes through it. */
final class Html {
    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' || c == 0x7F) {
                        out.append('\uFFFD'); // control characters have no business on the page
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
