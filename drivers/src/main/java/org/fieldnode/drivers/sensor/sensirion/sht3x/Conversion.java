// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

/** SHT3x signal conversion (DS §4.13): pure functions of the 16-bit raw words. */
final class Conversion {
    private static final double FULL_SCALE = 0xFFFF; // 2^16 - 1

    private Conversion() {}

    /** T = −45 + 175 · S_T / (2^16 − 1), in °C. */
    static double celsius(int rawTemperature) {
        return -45.0 + 175.0 * check(rawTemperature) / FULL_SCALE;
    }

    /** RH = 100 · S_RH / (2^16 − 1), in %RH. */
    static double relativeHumidity(int rawHumidity) {
        return 100.0 * check(rawHumidity) / FULL_SCALE;
    }

    private static int check(int raw) {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit raw value: " + raw);
        }
        return raw;
    }
}
