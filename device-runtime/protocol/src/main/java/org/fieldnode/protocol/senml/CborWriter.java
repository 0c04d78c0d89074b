// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a compact pack as CBOR (RFC 8949) with the SenML integer labels (RFC 8428 §6). Only definite lengths and
 * the shortest argument encodings (RFC 8949 §4.2.1) are written.
 *
 * <p>Numbers: a value that is integral and fits a 64-bit integer is written as a CBOR integer (major type 0 or
 * 1); any other value as the shortest of half, single or double precision float that holds it exactly (RFC 8949
 * §4.2.2), or, in a pack whose record 0 carries {@code df_}, the shortest whose decimal reading gives it back
 * ({@link DecimalFloats}). {@code -0.0} stays a float so that its sign survives.
 */
final class CborWriter {
    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int FLOAT16 = 0xF9;
    private static final int FLOAT32 = 0xFA;
    private static final int FLOAT64 = 0xFB;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    private final boolean decimalFloats;

    private CborWriter(boolean decimalFloats) {
        this.decimalFloats = decimalFloats;
    }

    static byte[] write(List<Map<SenmlLabel, Object>> pack) {
        CborWriter writer = new CborWriter(!pack.isEmpty() && pack.get(0).containsKey(SenmlLabel.DECIMAL_FLOATS));
        writer.head(MAJOR_ARRAY, pack.size());
        for (Map<SenmlLabel, Object> record : pack) {
            writer.head(MAJOR_MAP, record.size());
            for (Map.Entry<SenmlLabel, Object> field : record.entrySet()) {
                if (field.getKey().textInCbor()) {
                    writer.text(field.getKey().json());
                } else {
                    writer.integer(field.getKey().cbor());
                }
                writer.scalar(field.getValue());
            }
        }
        return writer.out.toByteArray();
    }

    private void scalar(Object value) {
        switch (value) {
            case String text -> text(text);
            case Double number -> number(number);
            case BigDecimal seconds -> seconds(seconds);
            default -> throw new IllegalArgumentException("no CBOR form for " + value.getClass());
        }
    }

    private void seconds(BigDecimal seconds) {
        if (seconds.scale() <= 0 && seconds.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            integer(seconds.longValueExact());
        } else {
            number(seconds.doubleValue());
        }
    }

    private void number(double value) {
        boolean negativeZero = value == 0 && Double.doubleToRawLongBits(value) != 0;
        if (value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63 && !negativeZero) {
            integer((long) value);
        } else {
            shortestFloat(value);
        }
    }

    /** RFC 8949 §4.2.2: the shortest float that represents the value exactly, or by its decimal reading. */
    private void shortestFloat(double value) {
        int width = decimalFloats ? DecimalFloats.width(value) : DecimalFloats.exactWidth(value);
        float single = (float) value;
        switch (width) {
            case DecimalFloats.HALF -> {
                out.write(FLOAT16);
                bigEndian(Float.floatToFloat16(single), 2);
            }
            case DecimalFloats.SINGLE -> {
                out.write(FLOAT32);
                bigEndian(Float.floatToRawIntBits(single), 4);
            }
            default -> {
                out.write(FLOAT64);
                bigEndian(Double.doubleToRawLongBits(value), 8);
            }
        }
    }

    private void integer(long value) {
        if (value >= 0) {
            head(MAJOR_UNSIGNED, value);
        } else {
            head(MAJOR_NEGATIVE, -1 - value); // RFC 8949 §3.1: major type 1 encodes -1 - n
        }
    }

    private void text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        head(MAJOR_TEXT, utf8.length);
        out.writeBytes(utf8);
    }

    /** RFC 8949 §3: major type in the top 3 bits, then the argument in the fewest bytes (0, 1, 2, 4 or 8). */
    private void head(int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            out.write(type | (int) argument);
        } else if (argument <= 0xFF) {
            out.write(type | 24);
            bigEndian(argument, 1);
        } else if (argument <= 0xFFFF) {
            out.write(type | 25);
            bigEndian(argument, 2);
        } else if (argument <= 0xFFFF_FFFFL) {
            out.write(type | 26);
            bigEndian(argument, 4);
        } else {
            out.write(type | 27);
            bigEndian(argument, 8);
        }
    }

    private void bigEndian(long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }
}
