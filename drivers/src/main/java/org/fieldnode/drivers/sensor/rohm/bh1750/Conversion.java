// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.COUNTS_PER_LUX;
import static org.fieldnode.drivers.sensor.rohm.bh1750.Bh1750Opcodes.MTREG_DEFAULT;

/** BH1750 count to lux (DS "Measurement sequence example" and "measurement time" adjustment): pure functions. */
final class Conversion {
    private Conversion() {}

    /**
     * Illuminance of an H-resolution count: lx = count / 1.2 · (69 / MTreg). DS example: 0x8390 = 33680 counts at
     * the default MTreg is 28067 lx.
     */
    static double lux(int count, int mtreg) {
        if (count < 0 || count > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit count: " + count);
        }
        return count / COUNTS_PER_LUX * MTREG_DEFAULT / mtreg;
    }
}
