// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strict reader for SenML JSON (RFC 8428 §5 over RFC 8259). It accepts one array of objects whose members are
 * strings, numbers, {@code true} or {@code false}, and refuses, naming the record and label: invalid UTF-8 or
 * JSON, any other top level, trailing content, entries that are not objects, nested arrays or objects,
 * {@code null}, duplicate member names, and unknown labels ending in {@code _} (RFC 8428 §4.4: "must
 * understand"). Other unknown labels are skipped, as §4.4 allows. Numbers follow the RFC 8259 §6 grammar and are
 * read as the nearest double.
 */
final class SenmlJsonReader {
    private final String in;
    private int pos;
    private int record = -1;

    private SenmlJsonReader(String in) {
        this.in = in;
    }

    static List<RawRecord> read(byte[] payload) throws SenmlException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw SenmlException.inPayload("is not valid UTF-8 (RFC 8259 §8.1)");
        }
        return new SenmlJsonReader(text).pack();
    }

    private List<RawRecord> pack() throws SenmlException {
        skipWhitespace();
        if (!peek('[')) {
            throw SenmlException.inPayload("top level must be an array of records, found " + describeNext());
        }
        pos++;
        List<RawRecord> records = new ArrayList<>();
        skipWhitespace();
        if (peek(']')) {
            pos++;
        } else {
            while (true) {
                record = records.size();
                if (record >= SenmlRules.MAX_RECORDS) {
                    throw SenmlException.inPayload(
                            "has more than " + SenmlRules.MAX_RECORDS + " records; at most that many are accepted");
                }
                records.add(record());
                record = -1;
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                } else if (peek(']')) {
                    pos++;
                    break;
                } else {
                    throw SenmlException.inPayload(
                            "expected ',' or ']' after record " + (records.size() - 1) + ", found " + describeNext());
                }
            }
        }
        skipWhitespace();
        if (pos != in.length()) {
            throw SenmlException.inPayload("trailing content after the pack at character " + pos);
        }
        return records;
    }

    private RawRecord record() throws SenmlException {
        skipWhitespace();
        if (!peek('{')) {
            throw problem("must be an object, found " + describeNext());
        }
        pos++;
        RawRecord raw = new RawRecord(record);
        Set<String> seen = new HashSet<>();
        skipWhitespace();
        if (peek('}')) {
            pos++;
            return raw;
        }
        while (true) {
            skipWhitespace();
            if (!peek('"')) {
                throw problem("expected a label in quotes, found " + describeNext());
            }
            String key = string();
            if (!seen.add(key)) {
                throw problem("duplicate label " + SenmlRules.quote(key));
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Optional<SenmlLabel> label = SenmlLabel.byJson(key);
            String shownLabel = label.map(SenmlLabel::toString).orElse(SenmlRules.quote(key));
            Object value = value(shownLabel);
            if (label.isPresent()) {
                raw.put(label.get(), value);
            } else if (key.endsWith("_")) {
                throw problem("unknown label " + shownLabel + " must be understood (RFC 8428 §4.4)");
            }
            skipWhitespace();
            if (peek(',')) {
                pos++;
            } else if (peek('}')) {
                pos++;
                return raw;
            } else {
                throw problem("expected ',' or '}', found " + describeNext());
            }
        }
    }

    private Object value(String label) throws SenmlException {
        if (pos >= in.length()) {
            throw problem(label + " has no value (payload ends)");
        }
        char c = in.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(label);
        }
        if (in.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (in.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (in.startsWith("null", pos)) {
            throw problem(label + " is null");
        }
        if (c == '[' || c == '{') {
            throw problem(label + " holds " + describeNext() + "; SenML fields are single values, not nested items");
        }
        throw problem(label + " has an invalid JSON value: " + describeNext());
    }

    /** RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Double number(String label) throws SenmlException {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (peek('0')) {
            pos++;
        } else if (!digits()) {
            throw problem(label + " is not a valid JSON number");
        }
        if (peek('.')) {
            pos++;
            if (!digits()) {
                throw problem(label + " is not a valid JSON number (no digit after '.')");
            }
        }
        if (peek('e') || peek('E')) {
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (!digits()) {
                throw problem(label + " is not a valid JSON number (no digit in the exponent)");
            }
        }
        return Double.parseDouble(in.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    /** RFC 8259 §7 strings: escapes decoded, raw control characters refused, surrogate pairs checked. */
    private String string() throws SenmlException {
        pos++; // opening quote
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= in.length()) {
                throw problem("unterminated string");
            }
            char c = in.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw problem("control character in a string must be escaped (RFC 8259 §7)");
            }
            if (c != '\\') {
                text.append(c);
                continue;
            }
            if (pos >= in.length()) {
                throw problem("unterminated escape in a string");
            }
            char escape = in.charAt(pos++);
            switch (escape) {
                case '"', '\\', '/' -> text.append(escape);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> text.append(hexChar());
                default -> throw problem("invalid escape \\" + SenmlRules.quote(String.valueOf(escape)));
            }
        }
        String result = text.toString();
        for (int i = 0; i < result.length(); i++) {
            char c = result.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < result.length()
                    && Character.isLowSurrogate(result.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw problem("string holds an unpaired surrogate escape");
            }
        }
        return result;
    }

    private char hexChar() throws SenmlException {
        if (pos + 4 > in.length()) {
            throw problem("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in.charAt(pos++), 16);
            if (digit < 0) {
                throw problem("invalid \\u escape");
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private void expect(char c) throws SenmlException {
        if (!peek(c)) {
            throw problem("expected '" + c + "', found " + describeNext());
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < in.length() && in.charAt(pos) == c;
    }

    /** RFC 8259 §2: space, tab, line feed, carriage return. */
    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeNext() {
        if (pos >= in.length()) {
            return "the end of the payload";
        }
        return switch (in.charAt(pos)) {
            case '[' -> "an array";
            case '{' -> "an object";
            case '"' -> "a string";
            default -> SenmlRules.quote(in.substring(pos, Math.min(in.length(), pos + 12)));
        };
    }

    private SenmlException problem(String text) {
        return record < 0 ? SenmlException.inPayload(text) : SenmlException.inRecord(record, text);
    }
}
