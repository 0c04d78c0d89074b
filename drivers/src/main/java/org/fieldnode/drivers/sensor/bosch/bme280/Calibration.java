// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CALIB_00_LENGTH;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.CALIB_26_LENGTH;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_26;

import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sensor.bosch.TemperaturePressureTrimming;

/**
 * The chip's trimming parameters (DS §4.2.2, Table 16), read once at open. Layout:
 *
 * <pre>
 * 0x88..0x8D  dig_T1 (u16) dig_T2 (s16) dig_T3 (s16)          little endian
 * 0x8E..0x9F  dig_P1 (u16) dig_P2..dig_P9 (s16)                little endian
 * 0xA1        dig_H1 (u8)
 * 0xE1..0xE2  dig_H2 (s16)                                     little endian
 * 0xE3        dig_H3 (u8)
 * 0xE4, 0xE5  dig_H4 (s12) = 0xE4 [11:4] (signed), 0xE5 bits 3..0 [3:0]
 * 0xE5, 0xE6  dig_H5 (s12) = 0xE6 [11:4] (signed), 0xE5 bits 7..4 [3:0]
 * 0xE7        dig_H6 (s8)
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
        int digP9,
        int digH1,
        int digH2,
        int digH3,
        int digH4,
        int digH5,
        int digH6)
        implements TemperaturePressureTrimming {

    /** Reads both trimming blocks, each in one burst. */
    static Calibration read(RegisterBus bus) throws DeviceException {
        byte[] first = new byte[CALIB_00_LENGTH];
        byte[] second = new byte[CALIB_26_LENGTH];
        bus.read(REG_CALIB_00, first);
        bus.read(REG_CALIB_26, second);
        return parse(first, second);
    }

    /**
     * @param first the 26 bytes from 0x88 to 0xA1
     * @param second the 7 bytes from 0xE1 to 0xE7
     */
    static Calibration parse(byte[] first, byte[] second) {
        if (first.length != CALIB_00_LENGTH || second.length != CALIB_26_LENGTH) {
            throw new IllegalArgumentException("trimming blocks must be 26 and 7 bytes");
        }
        return new Calibration(
                unsigned16(first, 0),
                signed16(first, 2),
                signed16(first, 4),
                unsigned16(first, 6),
                signed16(first, 8),
                signed16(first, 10),
                signed16(first, 12),
                signed16(first, 14),
                signed16(first, 16),
                signed16(first, 18),
                signed16(first, 20),
                signed16(first, 22),
                first[25] & 0xFF,
                signed16(second, 0),
                second[2] & 0xFF,
                // 0xE4 holds bits 11..4 and carries the sign; 0xE5 bits 3..0 hold bits 3..0.
                second[3] << 4 | (second[4] & 0x0F),
                // 0xE6 holds bits 11..4 and carries the sign; 0xE5 bits 7..4 hold bits 3..0.
                second[5] << 4 | (second[4] & 0xFF) >> 4,
                second[6]);
    }

    private static int unsigned16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int signed16(byte[] b, int at) {
        return (short) unsigned16(b, at);
    }
}
