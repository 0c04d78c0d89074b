// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.fieldnode.protocol.cbor.CborWriter;

/**
 * Writes a compact pack as CBOR with the SenML integer labels (RFC 8428 §6), on the contract's one {@link
 * CborWriter}: definite lengths and the shortest argument encodings only (RFC 8949 §4.2.1).
 *
 * <p>Numbers: a value that is integral and fits a 64-bit integer is written as a CBOR integer (major type 0 or
 * 1); any other value as the shortest of half, single or double precision float that holds it exactly (RFC 8949
 * §4.2.2), or, in a pack whose record 0 carries {@code df_}, the shortest whose decimal reading gives it back
 * ({@link DecimalFloats}). {@code -0.0} stays a float so that its sign survives.
 */
final class SenmlCborWriter {
    private static final int MAJOR_SIMPLE_VALUE = 7;

    private final CborWriter out = new CborWriter(128);
    private final boolean decimalFloats;

    private SenmlCborWriter(boolean decimalFloats) {
        this.decimalFloats = decimalFloats;
    }

    static byte[] write(List<Map<SenmlLabel, Object>> pack) {
        SenmlCborWriter writer =
                new SenmlCborWriter(!pack.isEmpty() && pack.get(0).containsKey(SenmlLabel.DECIMAL_FLOATS));
        writer.out.array(pack.size());
        for (Map<SenmlLabel, Object> record : pack) {
            writer.out.map(record.size());
            for (Map.Entry<SenmlLabel, Object> field : record.entrySet()) {
                if (field.getKey().textInCbor()) {
                    writer.out.text(field.getKey().json());
                } else {
                    writer.out.integer(field.getKey().cbor());
                }
                writer.scalar(field.getValue());
            }
        }
        return writer.out.toByteArray();
    }

    private void scalar(Object value) {
        switch (value) {
            case String text -> out.text(text);
            case Double number -> number(number);
            case Boolean flag -> out.head(MAJOR_SIMPLE_VALUE, flag ? 21 : 20); // RFC 8949 §3.3: true, false
            case BigDecimal seconds -> seconds(seconds);
            default -> throw new IllegalArgumentException("no CBOR form for " + value.getClass());
        }
    }

    private void seconds(BigDecimal seconds) {
        if (seconds.scale() <= 0 && seconds.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            out.integer(seconds.longValueExact());
        } else {
            number(seconds.doubleValue());
        }
    }

    private void number(double value) {
        boolean negativeZero = value == 0 && Double.doubleToRawLongBits(value) != 0;
        if (value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63 && !negativeZero) {
            out.integer((long) value);
        } else {
            shortestFloat(value);
        }
    }

    /** RFC 8949 §4.2.2: the shortest float that represents the value exactly, or by its decimal reading. */
    private void shortestFloat(double value) {
        int width = decimalFloats ? DecimalFloats.width(value) : DecimalFloats.exactWidth(value);
        switch (width) {
            case DecimalFloats.HALF -> out.half((float) value);
            case DecimalFloats.SINGLE -> out.single((float) value);
            default -> out.doublePrecision(value);
        }
    }
}
