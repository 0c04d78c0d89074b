// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.CALIB_LENGTH;
import static org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Registers.REG_CALIB_00;

import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sensor.bosch.TemperaturePressureTrimming;

/**
 * The chip's trimming parameters (DS §3.11.2, Table 17), read once at open in one burst:
 *
 * <pre>
 * 0x88..0x8D  dig_T1 (u16) dig_T2 (s16) dig_T3 (s16)          little endian
 * 0x8E..0x9F  dig_P1 (u16) dig_P2..dig_P9 (s16)                little endian
 * </pre>
 */
record Calibration(
        int digT1,
        int digT2,
        int digT3,
        int digP1,
        int digP2,
        int digP3,
        int digP4,
        int digP5,
        int digP6,
        int digP7,
        int digP8,
        int digP9)
        implements TemperaturePressureTrimming {

    static Calibration read(RegisterBus bus) throws DeviceException {
        byte[] block = new byte[CALIB_LENGTH];
        bus.read(REG_CALIB_00, block);
        return parse(block);
    }

    /** @param block the 24 bytes from 0x88 to 0x9F */
    static Calibration parse(byte[] block) {
        if (block.length != CALIB_LENGTH) {
            throw new IllegalArgumentException("the trimming block is 24 bytes, got " + block.length);
        }
        int[] s = new int[12];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((block[2 * i] & 0xFF) | (block[2 * i + 1] & 0xFF) << 8);
        }
        // dig_T1 and dig_P1 are unsigned short; the rest signed short.
        return new Calibration(
                s[0] & 0xFFFF, s[1], s[2], s[3] & 0xFFFF, s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    }
}
