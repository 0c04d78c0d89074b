// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

/** SCD4x signal conversion (DS §3.5.2, read_measurement): pure functions of the raw words. */
final class Conversion {
    private static final double FULL_SCALE = 0xFFFF; // 2^16 - 1

    private Conversion() {}

    /** CO2 = word[0], in ppm. */
    static double co2Ppm(int rawCo2) {
        return check(rawCo2);
    }

    /** T = −45 + 175 · word[1] / (2^16 − 1), in °C. */
    static double celsius(int rawTemperature) {
        return -45.0 + 175.0 * check(rawTemperature) / FULL_SCALE;
    }

    /** RH = 100 · word[2] / (2^16 − 1), in %RH. */
    static double relativeHumidity(int rawHumidity) {
        return 100.0 * check(rawHumidity) / FULL_SCALE;
    }

    /** DS §3.8.2: a sample is waiting when the least significant 11 bits are not all 0. */
    static boolean dataReady(int statusWord) {
        return (check(statusWord) & Scd4xCommands.DATA_READY_MASK) != 0;
    }

    private static int check(int raw) {
        if (raw < 0 || raw > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit word: " + raw);
        }
        return raw;
    }
}
