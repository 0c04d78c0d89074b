// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

/** AHT20 signal conversion (DS §6): pure functions of the 20-bit raw values. */
final class Conversion {
    private static final double FULL_SCALE = 1 << 20;

    private Conversion() {}

    /** RH[%] = S_RH / 2²⁰ × 100. */
    static double relativeHumidity(int raw) {
        return raw / FULL_SCALE * 100.0;
    }

    /** T[°C] = S_T / 2²⁰ × 200 − 50. */
    static double celsius(int raw) {
        return raw / FULL_SCALE * 200.0 - 50.0;
    }

    /** The 20-bit humidity of a reply: byte 1, byte 2, the high nibble of byte 3. */
    static int rawHumidity(byte[] reply) {
        return (reply[1] & 0xFF) << 12 | (reply[2] & 0xFF) << 4 | (reply[3] & 0xF0) >> 4;
    }

    /** The 20-bit temperature of a reply: the low nibble of byte 3, byte 4, byte 5. */
    static int rawTemperature(byte[] reply) {
        return (reply[3] & 0x0F) << 16 | (reply[4] & 0xFF) << 8 | reply[5] & 0xFF;
    }
}
