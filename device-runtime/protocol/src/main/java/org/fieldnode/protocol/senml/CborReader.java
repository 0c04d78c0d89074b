// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A strict reader for SenML in CBOR (RFC 8428 §6 over RFC 8949). It accepts exactly the shape SenML needs: one
 * definite-length array of definite-length maps from integer labels to scalars (integers, floats, text, byte
 * strings, true, false); half and single floats come back as {@link NarrowFloat}, since their meaning depends on the
 * pack's {@code df_}. It refuses, with a message naming the record and label:
 *
 * <ul>
 *   <li>any other top-level item, trailing bytes, and records that are not maps;
 *   <li>labels that are not integers, unknown labels (CBOR labels carry no "must understand" marker, RFC 8428
 *       §4.4, so an unknown one cannot safely be skipped), duplicate labels;
 *   <li>nested arrays or maps, tags, indefinite lengths, null, undefined and other simple values;
 *   <li>malformed items (RFC 8949 §3: reserved additional information, text that is not UTF-8) and any length
 *       or count larger than the bytes that remain, before anything is allocated for it.
 * </ul>
 */
final class CborReader {
    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int MAJOR_SIMPLE = 7;
    private static final int INDEFINITE = 31;

    private final byte[] in;
    private int pos;
    private int record = -1;

    private CborReader(byte[] in) {
        this.in = in;
    }

    static List<RawRecord> read(byte[] payload) throws SenmlException {
        return new CborReader(payload).pack();
    }

    private List<RawRecord> pack() throws SenmlException {
        if (in.length == 0) {
            throw SenmlException.inPayload("is empty; expected a CBOR array of records");
        }
        int initial = in[pos] & 0xFF;
        if (initial >>> 5 != MAJOR_ARRAY) {
            throw SenmlException.inPayload("top level must be an array of records, found " + describe(initial));
        }
        long count = head(MAJOR_ARRAY);
        if (count > SenmlRules.MAX_RECORDS) {
            throw SenmlException.inPayload(
                    "claims " + count + " records; at most " + SenmlRules.MAX_RECORDS + " are accepted");
        }
        requireRemaining(count, 1, "records");
        List<RawRecord> records = new ArrayList<>((int) count);
        for (record = 0; record < count; record++) {
            records.add(record());
        }
        record = -1;
        if (pos != in.length) {
            throw SenmlException.inPayload((in.length - pos) + " trailing byte(s) after the pack");
        }
        return records;
    }

    private RawRecord record() throws SenmlException {
        requireRemaining(1, 1, "bytes");
        int initial = in[pos] & 0xFF;
        if (initial >>> 5 != MAJOR_MAP) {
            throw problem("must be a map, found " + describe(initial));
        }
        long pairs = head(MAJOR_MAP);
        requireRemaining(pairs, 2, "label/value pairs");
        RawRecord raw = new RawRecord(record);
        for (long i = 0; i < pairs; i++) {
            SenmlLabel label = label();
            raw.put(label, scalar(label));
        }
        return raw;
    }

    private SenmlLabel label() throws SenmlException {
        requireRemaining(1, 1, "bytes");
        int initial = in[pos] & 0xFF;
        if (initial >>> 5 == MAJOR_TEXT) {
            // Extension labels are text (RFC 8428 §6); fieldnode knows its own (tq_, dt_, to_, df_).
            String name = text(SenmlLabel.TIME_QUALITY);
            Optional<SenmlLabel> extension = SenmlLabel.byJson(name).filter(SenmlLabel::textInCbor);
            if (extension.isEmpty()) {
                throw problem("unknown label " + SenmlRules.quote(name)
                        + ": CBOR records use the integer labels of RFC 8428 §6,"
                        + " and the text labels fieldnode understands are \"tq_\", \"dt_\", \"to_\" and \"df_\"");
            }
            return extension.get();
        }
        long key = integerLabel();
        return SenmlLabel.byCbor(key).orElseThrow(() -> problem("unknown label " + key));
    }

    private long integerLabel() throws SenmlException {
        requireRemaining(1, 1, "bytes");
        int initial = in[pos] & 0xFF;
        int major = initial >>> 5;
        if (major != MAJOR_UNSIGNED && major != MAJOR_NEGATIVE) {
            throw problem("labels must be integers (RFC 8428 §6), found " + describe(initial));
        }
        long argument = head(major);
        if (argument < 0) { // beyond 2^63: no SenML label is that large
            throw problem("unknown label " + (major == MAJOR_UNSIGNED ? "" : "-1-") + Long.toUnsignedString(argument));
        }
        return major == MAJOR_UNSIGNED ? argument : -1 - argument;
    }

    private Object scalar(SenmlLabel label) throws SenmlException {
        requireRemaining(1, 1, "bytes");
        int initial = in[pos] & 0xFF;
        int major = initial >>> 5;
        int info = initial & 0x1F;
        return switch (major) {
            case MAJOR_UNSIGNED -> unsignedToDouble(head(major));
            case MAJOR_NEGATIVE -> negativeToDouble(head(major));
            case MAJOR_BYTES -> bytes(label, major);
            case MAJOR_TEXT -> text(label);
            case MAJOR_ARRAY, MAJOR_MAP ->
                throw problem(
                        label + " holds " + describe(initial) + "; SenML fields are single values, not nested items");
            case MAJOR_TAG -> throw problem(label + " holds a CBOR tag; tags are not supported");
            case MAJOR_SIMPLE -> simple(label, info);
            default -> throw new IllegalStateException("major type " + major);
        };
    }

    private Object simple(SenmlLabel label, int info) throws SenmlException {
        pos++;
        return switch (info) {
            case 20 -> Boolean.FALSE;
            case 21 -> Boolean.TRUE;
            case 25 -> new NarrowFloat(Float.float16ToFloat((short) bigEndian(2)), DecimalFloats.HALF);
            case 26 -> new NarrowFloat(Float.intBitsToFloat((int) bigEndian(4)), DecimalFloats.SINGLE);
            case 27 -> Double.longBitsToDouble(bigEndian(8));
            case 22 -> throw problem(label + " is null");
            case 23 -> throw problem(label + " is undefined");
            case 28, 29, 30 ->
                throw problem(label + " is malformed (reserved additional information " + info + ", RFC 8949 §3)");
            case INDEFINITE -> throw problem(label + " holds an unexpected \"break\"");
            default -> throw problem(label + " holds an unsupported simple value");
        };
    }

    private byte[] bytes(SenmlLabel label, int major) throws SenmlException {
        long length = head(major);
        requireRemaining(length, 1, "bytes of " + label);
        byte[] data = Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return data;
    }

    private String text(SenmlLabel label) throws SenmlException {
        long length = head(MAJOR_TEXT);
        requireRemaining(length, 1, "bytes of " + label);
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in, pos, (int) length))
                    .toString();
            pos += (int) length;
            return text;
        } catch (CharacterCodingException e) {
            throw problem(label + " is not valid UTF-8 (RFC 8949 §3.1)");
        }
    }

    /**
     * Reads an item's head (RFC 8949 §3) of the expected major type and returns its argument, unsigned in a long
     * (negative when the argument is 2^63 or more). Refuses indefinite lengths and reserved encodings.
     */
    private long head(int major) throws SenmlException {
        int initial = in[pos++] & 0xFF;
        int info = initial & 0x1F;
        if (initial >>> 5 != major) {
            throw new IllegalStateException("head of major type " + major + " expected");
        }
        if (info < 24) {
            return info;
        }
        return switch (info) {
            case 24 -> bigEndian(1);
            case 25 -> bigEndian(2);
            case 26 -> bigEndian(4);
            case 27 -> bigEndian(8);
            case INDEFINITE ->
                throw problem("indefinite-length items are not supported (found " + describe(initial) + ")");
            default -> throw problem("malformed item (reserved additional information " + info + ", RFC 8949 §3)");
        };
    }

    private long bigEndian(int bytes) throws SenmlException {
        requireRemaining(bytes, 1, "bytes");
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (in[pos++] & 0xFF);
        }
        return value;
    }

    /** Refuses a claim of {@code count} items of at least {@code minBytes} each that the payload cannot hold. */
    private void requireRemaining(long count, int minBytes, String what) throws SenmlException {
        long remaining = in.length - pos;
        if (count < 0 || count > remaining / minBytes) {
            String claim = "needs " + Long.toUnsignedString(count) + " " + what + " but only " + remaining
                    + " byte(s) remain (truncated or corrupt)";
            throw record < 0 ? SenmlException.inPayload(claim) : problem(claim);
        }
    }

    private static double unsignedToDouble(long argument) {
        return argument >= 0 ? argument : Double.parseDouble(Long.toUnsignedString(argument));
    }

    /** RFC 8949 §3.1: major type 1 encodes -1 - n; computed exactly, then rounded once to a double. */
    private static double negativeToDouble(long argument) {
        if (argument >= 0) {
            return -1 - argument;
        }
        return new BigInteger(Long.toUnsignedString(argument))
                .add(BigInteger.ONE)
                .negate()
                .doubleValue();
    }

    private SenmlException problem(String text) {
        return record < 0 ? SenmlException.inPayload(text) : SenmlException.inRecord(record, text);
    }

    private static String describe(int initial) {
        return switch (initial >>> 5) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> "an integer";
            case MAJOR_BYTES -> "a byte string";
            case MAJOR_TEXT -> "a text string";
            case MAJOR_ARRAY -> "an array";
            case MAJOR_MAP -> "a map";
            case MAJOR_TAG -> "a tag";
            default -> (initial & 0x1F) >= 25 && (initial & 0x1F) <= 27 ? "a float" : "a simple value";
        };
    }
}
