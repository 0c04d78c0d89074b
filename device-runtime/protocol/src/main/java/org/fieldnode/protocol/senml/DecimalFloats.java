// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal floats: a half (binary16) or single (binary32) CBOR float read as the shortest decimal that rounds to it
 * at its width, so that a sensor value such as 21.4 travels in the 3 bytes of a half (21.40625) and comes back as
 * exactly the double a node holds for 21.4. Packs that use this reading say so with {@code df_} (see
 * {@link SenmlLabel#DECIMAL_FLOATS}); without it a float means its exact binary value (RFC 8949 §3.3).
 *
 * <p><b>The reading of a float {@code x} of width {@code w}</b>, positive here (the sign is carried over; zeros,
 * infinities and NaN stand for themselves): let {@code lo} and {@code hi} be the midpoints between {@code x} and its
 * neighbours at width {@code w} (above the largest finite value, {@code x} plus half its ulp), both included when the
 * significand of {@code x} is even (IEEE 754 round-half-even), else excluded. For {@code p = 1, 2, ...} significant
 * digits take {@code d}, the exact value of {@code x} rounded half-even to {@code p} digits, and {@code d'}, the
 * {@code p}-digit decimal next to {@code d} on the other side of {@code x}; the first of {@code d, d'} that lies in
 * [{@code lo}, {@code hi}] is the decimal, and the reading is the double nearest to it. Exact for every width: at
 * worst {@code p} reaches the digits of {@code x} itself.
 *
 * <p><b>The encoder's choice</b> ({@link #width}): the narrowest width whose reading gives back the value exactly,
 * so a value the node holds as the nearest double to a short decimal (what the {@code resolution} stage makes)
 * uses a half when that decimal has at most about 3 significant digits in the half's range, a single up to about
 * 7, and a double otherwise. Values that are not short decimals simply travel as doubles: never a wrong value.
 */
final class DecimalFloats {
    /** CBOR float widths in bits. */
    static final int HALF = 16;

    static final int SINGLE = 32;
    static final int DOUBLE = 64;

    private static final int HALF_MAX_FINITE_BITS = 0x7BFF;

    private DecimalFloats() {}

    /** The narrowest width (16, 32 or 64 bits) whose decimal reading of {@code value} gives {@code value} back. */
    static int width(double value) {
        if (!Double.isFinite(value)) {
            return HALF; // infinities and NaN have a half form; SenML values are finite anyway
        }
        float single = (float) value;
        if (Float.isFinite(single)) {
            short half = Float.floatToFloat16(single);
            float halfValue = Float.float16ToFloat(half);
            if (Float.isFinite(halfValue) && same(read(halfValue, HALF), value)) {
                return HALF;
            }
            if (same(read(single, SINGLE), value)) {
                return SINGLE;
            }
        }
        return DOUBLE;
    }

    /** The narrowest width (16, 32 or 64 bits) that holds {@code value} exactly (RFC 8949 §4.2.2). */
    static int exactWidth(double value) {
        float single = (float) value;
        if (single == value || Double.isNaN(value)) {
            short half = Float.floatToFloat16(single);
            return Float.floatToRawIntBits(Float.float16ToFloat(half)) == Float.floatToRawIntBits(single)
                    ? HALF
                    : SINGLE;
        }
        return DOUBLE;
    }

    /**
     * The decimal reading of {@code value}, a float exactly representable at {@code width} (16 or 32) bits.
     *
     * @throws IllegalArgumentException when {@code width} is neither 16 nor 32
     */
    static double read(float value, int width) {
        if (width != HALF && width != SINGLE) {
            throw new IllegalArgumentException("decimal floats are 16 or 32 bits wide, not " + width);
        }
        if (value == 0 || !Float.isFinite(value)) {
            return value;
        }
        float magnitude = Math.abs(value);
        double below;
        double above;
        boolean evenSignificand;
        if (width == HALF) {
            int bits = Float.floatToFloat16(magnitude) & 0x7FFF;
            below = Float.float16ToFloat((short) (bits - 1));
            above = bits == HALF_MAX_FINITE_BITS
                    ? 2.0 * magnitude - below // the ulp above the largest half equals the one below
                    : Float.float16ToFloat((short) (bits + 1));
            evenSignificand = (bits & 1) == 0;
        } else {
            int bits = Float.floatToRawIntBits(magnitude);
            below = Math.nextDown(magnitude);
            above = magnitude == Float.MAX_VALUE ? 2.0 * magnitude - below : Math.nextUp(magnitude);
            evenSignificand = (bits & 1) == 0;
        }
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal lo = exact.add(new BigDecimal(below)).divide(two);
        BigDecimal hi = exact.add(new BigDecimal(above)).divide(two);
        for (int digits = 1; ; digits++) {
            BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            BigDecimal step = nearest.ulp(); // one unit in the last of its digits
            BigDecimal other = nearest.compareTo(exact) <= 0 ? nearest.add(step) : nearest.subtract(step);
            for (BigDecimal candidate : new BigDecimal[] {nearest, other}) {
                if (within(candidate, lo, hi, evenSignificand)) {
                    double decimal = candidate.doubleValue();
                    return value < 0 ? -decimal : decimal;
                }
            }
        }
    }

    private static boolean within(BigDecimal candidate, BigDecimal lo, BigDecimal hi, boolean inclusive) {
        int low = candidate.compareTo(lo);
        int high = candidate.compareTo(hi);
        return inclusive ? low >= 0 && high <= 0 : low > 0 && high < 0;
    }

    /** Equal as doubles, telling -0.0 from 0.0. */
    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }
}
