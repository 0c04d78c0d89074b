// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import java.time.Duration;
import java.util.Optional;

/**
 * Data rates (config DR, SBAS444 §9.6.3): a single-shot conversion takes one period, 1 / DR. The internal
 * oscillator makes the actual rate vary by ±10 % (§7.5, "data rate variation").
 */
public enum DataRate {
    SPS_8(0b000, 8),
    SPS_16(0b001, 16),
    SPS_32(0b010, 32),
    SPS_64(0b011, 64),
    SPS_128(0b100, 128),
    SPS_250(0b101, 250),
    SPS_475(0b110, 475),
    SPS_860(0b111, 860);

    private final int bits;
    private final int samplesPerSecond;

    DataRate(int bits, int samplesPerSecond) {
        this.bits = bits;
        this.samplesPerSecond = samplesPerSecond;
    }

    public int bits() {
        return bits;
    }

    public int samplesPerSecond() {
        return samplesPerSecond;
    }

    /** The nominal conversion time, 1 / DR (rounded up to the nanosecond). */
    public Duration conversionTime() {
        return Duration.ofNanos((1_000_000_000L + samplesPerSecond - 1) / samplesPerSecond);
    }

    /** The conversion time when the oscillator runs 10 % slow (1 / (0.9 · DR)), rounded up. */
    public Duration maxConversionTime() {
        return Duration.ofNanos((10_000_000_000L + 9L * samplesPerSecond - 1) / (9L * samplesPerSecond));
    }

    public static DataRate ofBits(int bits) {
        return values()[bits];
    }

    static Optional<DataRate> ofSamplesPerSecond(int sps) {
        for (DataRate r : values()) {
            if (r.samplesPerSecond == sps) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
