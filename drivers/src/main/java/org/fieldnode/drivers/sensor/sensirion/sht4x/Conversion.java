// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

/** SHT4x signal conversion (DS §4.6): pure functions of the 16-bit raw words. */
final class Conversion {
    private static final double FULL_SCALE = 0xFFFF; // 2^16 - 1

    private Conversion() {}

    /** T = −45 + 175 · S_T / (2^16 − 1), in °C. */
    static double celsius(int rawTemperature) {
        return -45.0 + 175.0 * check(rawTemperature) / FULL_SCALE;
    }

    /**
     * RH = −6 + 125 · S_RH / (2^16 − 1), in %RH, cropped to 0..100 as DS §4.6 recommends: the formula reaches
     * −6..119 %RH so that the sensor's output is not clipped before it is calibrated.
     */
    static double relativeHumidity(int rawHumidity) {
        return Math.clamp(unclampedRelativeHumidity(rawHumidity), 0.0, 100.0);
    }

    /** The formula without the crop, for tests. */
    static double unclampedRelativeHumidity(int rawHumidity) {
        return -6.0 + 125.0 * check(rawHumidity) / FULL_SCALE;
    }

    private static int check(int raw) {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit raw value: " + raw);
        }
        return raw;
    }
}
