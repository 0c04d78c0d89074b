// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.json;

/**
 * The one JSON writer (RFC 8259) of the project: SenML JSON packs (RFC 8428 §5) and the collector's exports and web
 * page are written with it, so every JSON fieldnode emits is escaped one way. It places the commas itself; the
 * caller says where a new line starts ({@link #nextLine}, {@link #newLine}), nothing else is whitespace.
 *
 * <p>Strings escape the quote, the backslash, control characters and DEL, and also {@code <}, {@code >}, {@code &},
 * U+2028 and U+2029 (as {@code \\u003c} and so on), so that JSON placed in a web page can never end a
 * {@code <script>} element. Numbers: {@link #number(double)} writes an integral value below 2^53 as an integer and any
 * other in Java's shortest round-tripping form (always valid JSON, e.g. {@code 2.5E-7}); {@link #numberText} takes a
 * number already formatted by the caller (exact decimal seconds, the collector's value form).
 *
 * <p>Output collects in the writer; {@link #take} hands over what was written so far, so a long stream goes out
 * piece by piece. Not thread-safe.
 */
public final class JsonWriter {
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private final StringBuilder out;
    /** Per open array or object (deepest last): whether it holds an element yet. Nesting is shallow here. */
    private long started;

    private int depth;
    private boolean afterName;
    private boolean lineStarted;

    public JsonWriter(int expectedSize) {
        this.out = new StringBuilder(expectedSize);
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    /** The name of the next member of an object. */
    public JsonWriter name(String name) {
        element();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String text) {
        element();
        string(text);
        return this;
    }

    public JsonWriter value(long number) {
        element();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean bool) {
        element();
        out.append(bool);
        return this;
    }

    /** A finite number: an integer when integral and below 2^53 in magnitude (not -0), else Java's shortest form. */
    public JsonWriter number(double value) {
        element();
        boolean negativeZero = value == 0 && Double.doubleToRawLongBits(value) != 0;
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT && !negativeZero) {
            out.append((long) value);
        } else {
            out.append(value); // Double.toString: shortest decimal that reads back as the same double
        }
        return this;
    }

    /** A number the caller formatted, e.g. exact decimal seconds {@code 1700000000.125}; written as given. */
    public JsonWriter numberText(String number) {
        element();
        out.append(number);
        return this;
    }

    /** Starts the next element of the open array on a new line: the comma (when one is due), then a line feed. */
    public JsonWriter nextLine() {
        if (isStarted()) {
            out.append(',');
        }
        out.append('\n');
        lineStarted = true;
        return this;
    }

    /** A line feed, e.g. before a closing bracket. */
    public JsonWriter newLine() {
        out.append('\n');
        return this;
    }

    /** What was written since the last call, handed over and cleared; the writer goes on where it was. */
    public String take() {
        String text = out.toString();
        out.setLength(0);
        return text;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        element();
        if (depth == Long.SIZE) {
            throw new IllegalStateException("JSON nested deeper than " + Long.SIZE);
        }
        out.append(bracket);
        depth++;
        started &= ~(1L << depth - 1);
        return this;
    }

    private JsonWriter close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("nothing to close with " + bracket);
        }
        out.append(bracket);
        depth--;
        return this;
    }

    /** Before a value or a member name: the comma that separates it from the previous one. */
    private void element() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (isStarted() && !lineStarted) {
                out.append(',');
            }
            started |= 1L << depth - 1;
        }
        lineStarted = false;
    }

    private boolean isStarted() {
        return depth > 0 && (started & (1L << depth - 1)) != 0;
    }

    /** RFC 8259 §7, and the page-safe escapes of the class comment. */
    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code text} as one JSON string literal, escaped as above. */
    public static String quote(String text) {
        JsonWriter writer = new JsonWriter(text.length() + 2);
        writer.string(text);
        return writer.out.toString();
    }
}
