// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_ARRAY;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_BYTES;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_MAP;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_NEGATIVE;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_SIMPLE;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_TAG;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_TEXT;
import static org.fieldnode.protocol.cbor.CborWriter.MAJOR_UNSIGNED;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.protocol.cbor.CborException;
import org.fieldnode.protocol.cbor.CborReader;

/**
 * A strict reader for SenML in CBOR (RFC 8428 §6 over RFC 8949), on the contract's one {@link CborReader}. It
 * accepts exactly the shape SenML needs: one definite-length array of definite-length maps from integer labels to
 * scalars (integers, floats, text, byte strings, true, false); half and single floats come back as {@link
 * NarrowFloat}, since their meaning depends on the pack's {@code df_}. It refuses, with a message naming the record
 * and label:
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
final class SenmlCborReader {
    private static final int INDEFINITE = 31;

    private final CborReader in;
    private final int length;
    private int record = -1;

    private SenmlCborReader(byte[] payload) {
        this.in = new CborReader(payload);
        this.length = payload.length;
    }

    static List<RawRecord> read(byte[] payload) throws SenmlException {
        return new SenmlCborReader(payload).pack();
    }

    private List<RawRecord> pack() throws SenmlException {
        if (length == 0) {
            throw SenmlException.inPayload("is empty; expected a CBOR array of records");
        }
        int initial = peek();
        if (CborReader.major(initial) != MAJOR_ARRAY) {
            throw SenmlException.inPayload("top level must be an array of records, found " + describe(initial));
        }
        long count = head("bytes");
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
        if (in.remaining() != 0) {
            throw SenmlException.inPayload(in.remaining() + " trailing byte(s) after the pack");
        }
        return records;
    }

    private RawRecord record() throws SenmlException {
        int initial = peek();
        if (CborReader.major(initial) != MAJOR_MAP) {
            throw problem("must be a map, found " + describe(initial));
        }
        long pairs = head("bytes");
        requireRemaining(pairs, 2, "label/value pairs");
        RawRecord raw = new RawRecord(record);
        for (long i = 0; i < pairs; i++) {
            Optional<SenmlLabel> label = label();
            if (label.isPresent()) {
                raw.put(label.get(), scalar(label.get()));
            } else {
                scalar(SenmlLabel.NAME); // an unknown label that need not be understood: its value is skipped
            }
        }
        return raw;
    }

    /** The record's next label; empty for an unknown text label that need not be understood (RFC 8428 §4.4). */
    private Optional<SenmlLabel> label() throws SenmlException {
        int initial = peek();
        if (CborReader.major(initial) == MAJOR_TEXT) {
            // Extension labels are text (RFC 8428 §6); fieldnode knows its own (tq_, dt_, to_, df_).
            String name = text(SenmlLabel.TIME_QUALITY);
            Optional<SenmlLabel> extension = SenmlLabel.byJson(name).filter(SenmlLabel::textInCbor);
            if (extension.isEmpty() && SenmlLabel.byJson(name).isPresent()) {
                throw problem("unknown label " + SenmlRules.quote(name)
                        + ": CBOR records use the integer labels of RFC 8428 §6,"
                        + " and the text labels fieldnode understands are \"tq_\", \"dt_\", \"to_\" and \"df_\"");
            }
            if (extension.isEmpty() && name.endsWith("_")) {
                throw problem("unknown label " + SenmlRules.quote(name)
                        + " must be understood (RFC 8428 §4.4); the text labels fieldnode understands are"
                        + " \"tq_\", \"dt_\", \"to_\" and \"df_\"");
            }
            return extension;
        }
        long key = integerLabel();
        return Optional.of(SenmlLabel.byCbor(key).orElseThrow(() -> problem("unknown label " + key)));
    }

    private long integerLabel() throws SenmlException {
        int initial = peek();
        int major = CborReader.major(initial);
        if (major != MAJOR_UNSIGNED && major != MAJOR_NEGATIVE) {
            throw problem("labels must be integers (RFC 8428 §6), found " + describe(initial));
        }
        long argument = head("bytes");
        if (argument < 0) { // beyond 2^63: no SenML label is that large
            throw problem("unknown label " + (major == MAJOR_UNSIGNED ? "" : "-1-") + Long.toUnsignedString(argument));
        }
        return major == MAJOR_UNSIGNED ? argument : -1 - argument;
    }

    private Object scalar(SenmlLabel label) throws SenmlException {
        int initial = peek();
        int major = CborReader.major(initial);
        return switch (major) {
            case MAJOR_UNSIGNED -> unsignedToDouble(head("bytes"));
            case MAJOR_NEGATIVE -> negativeToDouble(head("bytes"));
            case MAJOR_BYTES -> bytes(label);
            case MAJOR_TEXT -> text(label);
            case MAJOR_ARRAY, MAJOR_MAP ->
                throw problem(
                        label + " holds " + describe(initial) + "; SenML fields are single values, not nested items");
            case MAJOR_TAG -> throw problem(label + " holds a CBOR tag; tags are not supported");
            case MAJOR_SIMPLE -> simple(label, initial);
            default -> throw new IllegalStateException("major type " + major);
        };
    }

    private Object simple(SenmlLabel label, int initial) throws SenmlException {
        in.skip();
        int info = CborReader.info(initial);
        return switch (info) {
            case 20 -> Boolean.FALSE;
            case 21 -> Boolean.TRUE;
            case 25 -> new NarrowFloat(Float.float16ToFloat((short) bigEndian(2, initial)), DecimalFloats.HALF);
            case 26 -> new NarrowFloat(Float.intBitsToFloat((int) bigEndian(4, initial)), DecimalFloats.SINGLE);
            case 27 -> Double.longBitsToDouble(bigEndian(8, initial));
            case 22 -> throw problem(label + " is null");
            case 23 -> throw problem(label + " is undefined");
            case 28, 29, 30 ->
                throw problem(label + " is malformed (reserved additional information " + info + ", RFC 8949 §3)");
            case INDEFINITE -> throw problem(label + " holds an unexpected \"break\"");
            default -> throw problem(label + " holds an unsupported simple value");
        };
    }

    private byte[] bytes(SenmlLabel label) throws SenmlException {
        long size = head("bytes");
        try {
            return in.bytes(size);
        } catch (CborException e) {
            throw malformed(e, "bytes of " + label);
        }
    }

    private String text(SenmlLabel label) throws SenmlException {
        long size = head("bytes");
        try {
            return in.utf8(size);
        } catch (CborException e) {
            throw e.problem() == CborException.Problem.NOT_UTF8
                    ? problem(label + " is not valid UTF-8 (RFC 8949 §3.1)")
                    : malformed(e, "bytes of " + label);
        }
    }

    private int peek() throws SenmlException {
        try {
            return in.peek();
        } catch (CborException e) {
            throw malformed(e, "bytes");
        }
    }

    /** The argument of the next item's head; a truncated argument is reported as {@code what}. */
    private long head(String what) throws SenmlException {
        try {
            return in.head();
        } catch (CborException e) {
            throw malformed(e, what);
        }
    }

    private long bigEndian(int bytes, int initial) throws SenmlException {
        try {
            return in.bigEndian(bytes, initial);
        } catch (CborException e) {
            throw malformed(e, "bytes");
        }
    }

    /** Refuses a claim of {@code count} items of at least {@code minBytes} each that the payload cannot hold. */
    private void requireRemaining(long count, int minBytes, String what) throws SenmlException {
        long remaining = in.remaining();
        if (count < 0 || count > remaining / minBytes) {
            throw problem(truncated(count, what, remaining));
        }
    }

    /** The reader's finding in this codec's words. */
    private SenmlException malformed(CborException e, String what) {
        return switch (e.problem()) {
            case TRUNCATED -> problem(truncated(e.needed(), what, e.remaining()));
            case INDEFINITE ->
                problem("indefinite-length items are not supported (found " + describe(e.initial()) + ")");
            case RESERVED ->
                problem("malformed item (reserved additional information " + CborReader.info(e.initial())
                        + ", RFC 8949 §3)");
            case NOT_UTF8 -> problem("text is not valid UTF-8 (RFC 8949 §3.1)");
        };
    }

    private static String truncated(long count, String what, long remaining) {
        return "needs " + Long.toUnsignedString(count) + " " + what + " but only " + remaining
                + " byte(s) remain (truncated or corrupt)";
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
        return switch (CborReader.major(initial)) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> "an integer";
            case MAJOR_BYTES -> "a byte string";
            case MAJOR_TEXT -> "a text string";
            case MAJOR_ARRAY -> "an array";
            case MAJOR_MAP -> "a map";
            case MAJOR_TAG -> "a tag";
            default -> CborReader.info(initial) >= 25 && CborReader.info(initial) <= 27 ? "a float" : "a simple value";
        };
    }
}
