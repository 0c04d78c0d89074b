// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import org.fieldnode.drivers.bus.Crc;

/**
 * The Dallas/Maxim 1-Wire CRC-8 (DS18B20 datasheet "CRC generation"; Maxim application note 27): polynomial
 * x⁸ + x⁵ + x⁴ + 1, bits shifted in least significant first (reflected form 0x8C), initial value 0. Running it
 * over data followed by its CRC gives 0.
 */
public final class DallasCrc8 {
    private DallasCrc8() {}

    /** The CRC of {@code length} bytes of {@code data} from {@code from}: {@link Crc#maxim8}. */
    public static int of(byte[] data, int from, int length) {
        return Crc.maxim8(data, from, length);
    }
}
