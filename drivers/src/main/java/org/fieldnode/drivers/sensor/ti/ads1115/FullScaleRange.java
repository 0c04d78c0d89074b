// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import java.util.Optional;

/**
 * Programmable gain amplifier settings (config PGA, SBAS444 §9.3.3, Table 3 "Full-Scale Range and Corresponding LSB
 * Size"): the full-scale range FSR and the LSB size FSR / 2^15. The range never lets an input exceed VDD + 0.3 V;
 * ±6.144 V and ±4.096 V only mean that voltages up to VDD can be measured at that resolution.
 */
public enum FullScaleRange {
    PLUS_MINUS_6_144_V(0b000, 6.144),
    PLUS_MINUS_4_096_V(0b001, 4.096),
    PLUS_MINUS_2_048_V(0b010, 2.048),
    PLUS_MINUS_1_024_V(0b011, 1.024),
    PLUS_MINUS_0_512_V(0b100, 0.512),
    /** Also encoded 0b110 and 0b111. */
    PLUS_MINUS_0_256_V(0b101, 0.256);

    private final int bits;
    private final double volts;

    FullScaleRange(int bits, double volts) {
        this.bits = bits;
        this.volts = volts;
    }

    /** The 3-bit PGA field. */
    public int bits() {
        return bits;
    }

    /** The full-scale range, e.g. 4.096 for ±4.096 V. */
    public double volts() {
        return volts;
    }

    /** One code step, FSR / 2^15: 125 µV at ±4.096 V. */
    public double lsbVolts() {
        return volts / 0x8000;
    }

    /** The range whose PGA field is {@code bits}; 0b110 and 0b111 mean ±0.256 V like 0b101. */
    public static FullScaleRange ofBits(int bits) {
        return bits >= PLUS_MINUS_0_256_V.bits ? PLUS_MINUS_0_256_V : values()[bits];
    }

    static Optional<FullScaleRange> ofVolts(double volts) {
        for (FullScaleRange r : values()) {
            if (r.volts == volts) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
