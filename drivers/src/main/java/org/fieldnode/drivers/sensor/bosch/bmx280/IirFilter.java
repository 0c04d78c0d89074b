// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.Optional;

/**
 * IIR filter coefficient for pressure and temperature (config.filter): BME280 DS §3.4.4, §5.4.6, Table 28; BMP280 DS
 * §4.3.5, Table 6.
 */
public enum IirFilter {
    OFF(0b000, 0),
    COEFFICIENT_2(0b001, 2),
    COEFFICIENT_4(0b010, 4),
    COEFFICIENT_8(0b011, 8),
    COEFFICIENT_16(0b100, 16);

    private final int bits;
    private final int coefficient;

    IirFilter(int bits, int coefficient) {
        this.bits = bits;
        this.coefficient = coefficient;
    }

    /** The 3-bit field value. */
    public int bits() {
        return bits;
    }

    /** The filter coefficient, 0 when the filter is off. */
    public int coefficient() {
        return coefficient;
    }

    /** The setting with filter coefficient {@code coefficient} (0 = off), or empty if the chip has none. */
    public static Optional<IirFilter> ofCoefficient(int coefficient) {
        for (IirFilter f : values()) {
            if (f.coefficient == coefficient) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
