// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

/**
 * BME280 register map and bit fields (datasheet BST-BME280-DS002, §5.3 memory map, §5.4 register description).
 * Public so that the simulated chip shares one source of truth with the driver. Hex and binary literals only.
 */
public final class Bme280Registers {
    /** First trimming block, calib00..calib25 (DS §4.2.2, Table 16): dig_T1..dig_P9, then dig_H1 at 0xA1. */
    public static final int REG_CALIB_00 = 0x88;

    public static final int CALIB_00_LENGTH = 26;

    /** dig_H1, the last byte of the first trimming block. */
    public static final int REG_DIG_H1 = 0xA1;

    public static final int REG_CHIP_ID = 0xD0;
    public static final int REG_RESET = 0xE0;

    /** Second trimming block, calib26..: dig_H2..dig_H6 (DS §4.2.2, Table 16). */
    public static final int REG_CALIB_26 = 0xE1;

    public static final int CALIB_26_LENGTH = 7;

    /** Last register of the calib26..calib41 range (DS §5.3); read-only like the rest of it. */
    public static final int REG_CALIB_41 = 0xF0;

    public static final int REG_CTRL_HUM = 0xF2;
    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;

    /** Data block: press_msb, press_lsb, press_xlsb, temp_msb, temp_lsb, temp_xlsb, hum_msb, hum_lsb. */
    public static final int REG_PRESS_MSB = 0xF7;

    public static final int REG_TEMP_MSB = 0xFA;
    public static final int REG_HUM_MSB = 0xFD;
    public static final int REG_HUM_LSB = 0xFE;
    public static final int DATA_LENGTH = 8;

    /** Value of {@link #REG_CHIP_ID} on a BME280 (DS §5.4.1). A BMP280 answers 0x58. */
    public static final int CHIP_ID = 0x60;

    /** The only value that resets the chip when written to {@link #REG_RESET} (DS §5.4.2). */
    public static final int RESET_WORD = 0xB6;

    /** status bit 3: a conversion is running (DS §5.4.4). */
    public static final int STATUS_MEASURING = 0b0000_1000;

    /** status bit 0: trimming data are being copied from NVM to the image registers (DS §5.4.4). */
    public static final int STATUS_IM_UPDATE = 0b0000_0001;

    /** ctrl_hum bits 2..0: osrs_h (DS §5.4.3). */
    public static final int CTRL_HUM_OSRS_H_MASK = 0b0000_0111;

    /** ctrl_meas bits 7..5: osrs_t (DS §5.4.5). */
    public static final int CTRL_MEAS_OSRS_T_SHIFT = 5;

    /** ctrl_meas bits 4..2: osrs_p (DS §5.4.5). */
    public static final int CTRL_MEAS_OSRS_P_SHIFT = 2;

    /** ctrl_meas bits 1..0: mode (DS §5.4.5, Table 25). */
    public static final int CTRL_MEAS_MODE_MASK = 0b0000_0011;

    /** Width of each osrs_x field. */
    public static final int OSRS_MASK = 0b0000_0111;

    public static final int MODE_SLEEP = 0b00;
    public static final int MODE_FORCED = 0b01;
    public static final int MODE_NORMAL = 0b11;

    /** config bits 7..5: t_sb, standby time in normal mode (DS §5.4.6, Table 27). */
    public static final int CONFIG_T_SB_SHIFT = 5;

    /** config bits 4..2: filter, IIR filter coefficient (DS §5.4.6, Table 28). */
    public static final int CONFIG_FILTER_SHIFT = 2;

    /** Width of the t_sb and filter fields. */
    public static final int CONFIG_FIELD_MASK = 0b0000_0111;

    /** Pressure and temperature output when the measurement is skipped (osrs = 0, DS §5.4.7, §5.4.8). */
    public static final int ADC_20_BIT_SKIPPED = 0x8_0000;

    /** Humidity output when the measurement is skipped (osrs_h = 0, DS §5.4.9). */
    public static final int ADC_16_BIT_SKIPPED = 0x8000;

    private Bme280Registers() {}
}
