// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import java.util.HexFormat;

/**
 * The DS18B20 scratchpad (datasheet Figure 7 "DS18B20 memory map"), 9 bytes:
 *
 * <pre>
 *   0 temperature LSB    1 temperature MSB (two's complement, 1/16 °C per bit at 12 bit)
 *   2 TH / user byte 1   3 TL / user byte 2
 *   4 configuration      0 R1 R0 1 1 1 1 1; resolution = 9 + R1R0 bits (Figure 8, Table 2)
 *   5 reserved (FFh)     6 reserved           7 reserved (10h)
 *   8 CRC of bytes 0..7
 * </pre>
 *
 * Public so that the simulator shares the layout.
 */
public final class Scratchpad {
    public static final int LENGTH = 9;
    public static final int TEMPERATURE_LSB = 0;
    public static final int TEMPERATURE_MSB = 1;
    public static final int CONFIG = 4;
    public static final int RESERVED_6 = 6;
    public static final int CRC = 8;
    /** Configuration bits that are fixed: bit 7 reads 0, bits 4..0 read 1. */
    public static final int CONFIG_FIXED_MASK = 0b1001_1111;

    public static final int CONFIG_FIXED_VALUE = 0b0001_1111;
    public static final int CONFIG_RESOLUTION_SHIFT = 5;
    /** Power-on reset value of the temperature register: +85 °C (datasheet "Operation — measuring temperature"). */
    public static final int POWER_ON_RAW = 0x0550;
    /**
     * Byte 6 right after power-on, observed on genuine parts (0x10 minus the low nibble of the raw value after a
     * conversion, so never 0x0C together with a converted 0x0550). Not specified by the datasheet.
     */
    public static final int POWER_ON_RESERVED_6 = 0x0C;

    private Scratchpad() {}

    /** The resolution in bits (9..12) selected by configuration byte {@code config}. */
    public static int resolutionBits(int config) {
        return 9 + ((config >> CONFIG_RESOLUTION_SHIFT) & 0b11);
    }

    /** The configuration byte selecting {@code bits} of resolution. */
    public static int config(int bits) {
        if (bits < 9 || bits > 12) {
            throw new IllegalArgumentException("DS18B20 resolution is 9..12 bits, got " + bits);
        }
        return CONFIG_FIXED_VALUE | (bits - 9) << CONFIG_RESOLUTION_SHIFT;
    }

    /**
     * °C of a raw temperature register at {@code bits} resolution. The undefined low bits (bit 0 at 11 bit, bits
     * 1..0 at 10 bit, bits 2..0 at 9 bit; datasheet Figure 4) are masked before the conversion.
     */
    public static double celsius(int raw16, int bits) {
        int undefined = (1 << (12 - bits)) - 1;
        int masked = (short) raw16 & ~undefined;
        return masked / 16.0;
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
