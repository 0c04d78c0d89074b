// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.Optional;

/**
 * Oversampling of one measurement (osrs_h, osrs_t, osrs_p): BME280 DS §5.4.3, §5.4.5, Tables 20, 22, 24; BMP280 DS
 * §3.3, §4.3.4.
 */
public enum Oversampling {
    /** The measurement is skipped; the chip outputs 0x80000 (0x8000 for humidity). */
    SKIPPED(0b000, 0),
    X1(0b001, 1),
    X2(0b010, 2),
    X4(0b011, 4),
    X8(0b100, 8),
    X16(0b101, 16);

    private final int bits;
    private final int factor;

    Oversampling(int bits, int factor) {
        this.bits = bits;
        this.factor = factor;
    }

    /** The 3-bit field value. */
    public int bits() {
        return bits;
    }

    /** Number of samples averaged, 0 when skipped. */
    public int factor() {
        return factor;
    }

    /** The setting that averages {@code factor} samples (0 = skipped), or empty if the chip has none. */
    public static Optional<Oversampling> ofFactor(int factor) {
        for (Oversampling o : values()) {
            if (o.factor == factor) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
