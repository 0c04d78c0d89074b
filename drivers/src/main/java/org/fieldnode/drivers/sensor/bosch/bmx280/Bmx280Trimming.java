// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_26;

import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.RegisterBus;

/**
 * The trimming parameters the factory programs into each chip's NVM (BME280 DS §4.2.2, Table 16; BMP280 DS §3.11.2,
 * Table 17), read once at open. Temperature and pressure trimming are laid out and used alike on both parts;
 * dig_H1..dig_H6 exist on the BME280 only and are 0 for a BMP280. Layout:
 *
 * <pre>
 * 0x88..0x8D  dig_T1 (u16) dig_T2 (s16) dig_T3 (s16)          little endian
 * 0x8E..0x9F  dig_P1 (u16) dig_P2..dig_P9 (s16)                little endian
 * 0xA1        dig_H1 (u8)                                      BME280 only, from here on
 * 0xE1..0xE2  dig_H2 (s16)                                     little endian
 * 0xE3        dig_H3 (u8)
 * 0xE4, 0xE5  dig_H4 (s12) = 0xE4 [11:4] (signed), 0xE5 bits 3..0 [3:0]
 * 0xE5, 0xE6  dig_H5 (s12) = 0xE6 [11:4] (signed), 0xE5 bits 7..4 [3:0]
 * 0xE7        dig_H6 (s8)
 * </pre>
 *
 * The simulated chips write this layout with an encoder of their own, so that each side checks the other.
 *
 * @throws IllegalArgumentException when a parameter is outside its field's range
 */
public record Bmx280Trimming(
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
        int digH6) {

    public Bmx280Trimming {
        check("dig_T1", digT1, 0, 0xFFFF);
        check("dig_P1", digP1, 0, 0xFFFF);
        int[] signed16 = {digT2, digT3, digP2, digP3, digP4, digP5, digP6, digP7, digP8, digP9, digH2};
        for (int value : signed16) {
            check("signed 16-bit trimming", value, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        check("dig_H1", digH1, 0, 0xFF);
        check("dig_H3", digH3, 0, 0xFF);
        check("dig_H4", digH4, -0x800, 0x7FF);
        check("dig_H5", digH5, -0x800, 0x7FF);
        check("dig_H6", digH6, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    /** Reads the trimming blocks {@code model} has, each in one burst. */
    static Bmx280Trimming read(RegisterBus bus, Bmx280Model model) throws DeviceException {
        byte[] first = new byte[model.trimmingLength()];
        byte[] second = new byte[model.humidityTrimmingLength()];
        bus.read(REG_CALIB_00, first);
        if (second.length > 0) {
            bus.read(REG_CALIB_26, second);
        }
        return parse(first, second);
    }

    /**
     * @param first the bytes from 0x88: 24 up to dig_P9 (BMP280), or 26 up to dig_H1 at 0xA1 (BME280)
     * @param second the 7 bytes from 0xE1 to 0xE7 (BME280), or none (BMP280)
     */
    static Bmx280Trimming parse(byte[] first, byte[] second) {
        boolean humidity = first.length == Bmx280Model.BME280.trimmingLength()
                && second.length == Bmx280Model.BME280.humidityTrimmingLength();
        boolean temperaturePressure = first.length == Bmx280Model.BMP280.trimmingLength() && second.length == 0;
        if (!humidity && !temperaturePressure) {
            throw new IllegalArgumentException(
                    "trimming blocks must be 26 and 7 bytes (BME280) or 24 and none (BMP280),"
                            + " got %d and %d".formatted(first.length, second.length));
        }
        return new Bmx280Trimming(
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
                humidity ? first[25] & 0xFF : 0,
                humidity ? signed16(second, 0) : 0,
                humidity ? second[2] & 0xFF : 0,
                // 0xE4 holds bits 11..4 and carries the sign; 0xE5 bits 3..0 hold bits 3..0.
                humidity ? second[3] << 4 | (second[4] & 0x0F) : 0,
                // 0xE6 holds bits 11..4 and carries the sign; 0xE5 bits 7..4 hold bits 3..0.
                humidity ? second[5] << 4 | (second[4] & 0xFF) >> 4 : 0,
                humidity ? second[6] : 0);
    }

    private static int unsigned16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int signed16(byte[] b, int at) {
        return (short) unsigned16(b, at);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("%s out of range %d..%d: %d".formatted(name, min, max, value));
        }
    }
}
