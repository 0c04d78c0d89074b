// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

/**
 * The Dallas/Maxim 1-Wire CRC-8 (DS18B20 datasheet "CRC generation"; Maxim application note 27): polynomial
 * x⁸ + x⁵ + x⁴ + 1, bits shifted in least significant first (reflected form 0x8C), initial value 0. Running it
 * over data followed by its CRC gives 0.
 */
public final class DallasCrc8 {
    private static final int REFLECTED_POLYNOMIAL = 0x8C;

    private DallasCrc8() {}

    /** The CRC of {@code length} bytes of {@code data} from {@code from}. */
    public static int of(byte[] data, int from, int length) {
        int crc = 0;
        for (int i = from; i < from + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x01) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
        }
        return crc;
    }
}
