// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.cbor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one CBOR writer (RFC 8949) of the wire contract, used by the SenML codec and the desired configuration: items
 * of definite length only, every head in its shortest form (RFC 8949 §4.2.1, preferred serialization). It writes what
 * it is told; which items make a SenML pack or a desired configuration is the caller's.
 */
public final class CborWriter {
    public static final int MAJOR_UNSIGNED = 0;
    public static final int MAJOR_NEGATIVE = 1;
    public static final int MAJOR_BYTES = 2;
    public static final int MAJOR_TEXT = 3;
    public static final int MAJOR_ARRAY = 4;
    public static final int MAJOR_MAP = 5;
    public static final int MAJOR_TAG = 6;
    public static final int MAJOR_SIMPLE = 7;

    private static final int FLOAT16 = 0xF9;
    private static final int FLOAT32 = 0xFA;
    private static final int FLOAT64 = 0xFB;

    private final ByteArrayOutputStream out;

    /** @param expectedSize a first guess of the encoded size */
    public CborWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    /** RFC 8949 §3: major type in the top 3 bits, then the argument in the fewest bytes (0, 1, 2, 4 or 8). */
    public CborWriter head(int major, long argument) {
        int type = major << 5;
        if (argument >= 0 && argument < 24) {
            out.write(type | (int) argument);
        } else if (argument >= 0 && argument <= 0xFF) {
            out.write(type | 24);
            bigEndian(argument, 1);
        } else if (argument >= 0 && argument <= 0xFFFF) {
            out.write(type | 25);
            bigEndian(argument, 2);
        } else if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
            out.write(type | 26);
            bigEndian(argument, 4);
        } else {
            out.write(type | 27); // also an unsigned argument of 2^63 or more, given as a negative long
            bigEndian(argument, 8);
        }
        return this;
    }

    /** An array of {@code size} items; the items follow. */
    public CborWriter array(int size) {
        return head(MAJOR_ARRAY, size);
    }

    /** A map of {@code pairs} key/value pairs; the items follow. */
    public CborWriter map(int pairs) {
        return head(MAJOR_MAP, pairs);
    }

    /** An integer: major type 0, or 1 for a negative one (RFC 8949 §3.1: -1 - n). */
    public CborWriter integer(long value) {
        return value >= 0 ? head(MAJOR_UNSIGNED, value) : head(MAJOR_NEGATIVE, -1 - value);
    }

    /** A text string in UTF-8. */
    public CborWriter text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        head(MAJOR_TEXT, utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    /** A half-precision float (RFC 8949 §3.3); {@code value} must be exact in 16 bits for the value to survive. */
    public CborWriter half(float value) {
        out.write(FLOAT16);
        bigEndian(Float.floatToFloat16(value), 2);
        return this;
    }

    /** A single-precision float. */
    public CborWriter single(float value) {
        out.write(FLOAT32);
        bigEndian(Float.floatToRawIntBits(value), 4);
        return this;
    }

    /** A double-precision float. */
    public CborWriter doublePrecision(double value) {
        out.write(FLOAT64);
        bigEndian(Double.doubleToRawLongBits(value), 8);
        return this;
    }

    /** A byte string (major type 2). */
    public CborWriter bytes(byte[] data) {
        head(MAJOR_BYTES, data.length);
        out.writeBytes(data);
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void bigEndian(long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }
}
