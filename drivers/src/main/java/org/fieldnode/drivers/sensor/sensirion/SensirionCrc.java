// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import org.fieldnode.drivers.bus.Crc;

/**
 * The CRC-8 that Sensirion chips (SHT3x, SHT4x, SCD4x) append to every 16-bit word they send and expect after
 * every word they receive: polynomial 0x31 (x⁸ + x⁵ + x⁴ + 1), initial value 0xFF, no reflection, no final XOR
 * (SHT3x datasheet §4.12, Table 20; SCD4x datasheet §3.11). Worked example from both: CRC(0xBEEF) = 0x92. The
 * arithmetic is {@link Crc#sensirion8}, public for drivers outside this package.
 */
public final class SensirionCrc {
    public static final int POLYNOMIAL = 0x31;
    public static final int INITIAL = 0xFF;

    private SensirionCrc() {}

    /** CRC of the {@code length} bytes of {@code data} from {@code offset}, 0..255. */
    public static int crc8(byte[] data, int offset, int length) {
        return Crc.sensirion8(data, offset, length);
    }

    /** CRC of one 16-bit word sent most significant byte first. */
    public static int crc8(int word) {
        return crc8(new byte[] {(byte) (word >> 8), (byte) word}, 0, 2);
    }
}
