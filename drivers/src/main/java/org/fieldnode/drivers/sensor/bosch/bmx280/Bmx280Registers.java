// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

/**
 * The register map and bit fields of the BME280 and the BMP280 (datasheets BST-BME280-DS002 §5.3 memory map and §5.4
 * register description; BST-BMP280-DS001 §4.2 and §4.3). The BMP280's map is the BME280's without humidity: no
 * ctrl_hum (0xF2), no hum_msb/hum_lsb (0xFD, 0xFE), no dig_H trimming (0xA1, 0xE1..0xE7); those registers are
 * reserved there. What else differs per part is in {@link Bmx280Model}. Public so that the simulated chips share one
 * source of truth with the driver. Hex and binary literals only.
 */
public final class Bmx280Registers {
    /** First trimming block, calib00.. (BME280 DS §4.2.2, Table 16; BMP280 DS §3.11.2, Table 17): dig_T1 LSB. */
    public static final int REG_CALIB_00 = 0x88;

    /** Last register of the calib00..calib25 range: dig_H1 on a BME280, reserved on a BMP280. */
    public static final int REG_CALIB_25 = 0xA1;

    public static final int REG_CHIP_ID = 0xD0;
    public static final int REG_RESET = 0xE0;

    /** Second trimming block, calib26..: dig_H2..dig_H6 on a BME280 (DS §4.2.2, Table 16). */
    public static final int REG_CALIB_26 = 0xE1;

    /** Last register of the calib26..calib41 range (BME280 DS §5.3); read-only like the rest of it. */
    public static final int REG_CALIB_41 = 0xF0;

    /** BME280 only. */
    public static final int REG_CTRL_HUM = 0xF2;

    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;

    /** Data block: press_msb, press_lsb, press_xlsb, temp_msb, temp_lsb, temp_xlsb, then on a BME280 hum_msb, hum_lsb. */
    public static final int REG_PRESS_MSB = 0xF7;

    public static final int REG_TEMP_MSB = 0xFA;

    /** temp_xlsb, the last data register of a BMP280. */
    public static final int REG_TEMP_XLSB = 0xFC;

    /** BME280 only. */
    public static final int REG_HUM_MSB = 0xFD;

    /** BME280 only; the last data register. */
    public static final int REG_HUM_LSB = 0xFE;

    /** The only value that resets the chip when written to {@link #REG_RESET} (BME280 DS §5.4.2, BMP280 DS §4.3.2). */
    public static final int RESET_WORD = 0xB6;

    /** status bit 3: a conversion is running (BME280 DS §5.4.4, BMP280 DS §4.3.3). */
    public static final int STATUS_MEASURING = 0b0000_1000;

    /** status bit 0: trimming data are being copied from NVM to the image registers (same sections). */
    public static final int STATUS_IM_UPDATE = 0b0000_0001;

    /** ctrl_hum bits 2..0: osrs_h (BME280 DS §5.4.3). */
    public static final int CTRL_HUM_OSRS_H_MASK = 0b0000_0111;

    /** ctrl_meas bits 7..5: osrs_t (BME280 DS §5.4.5, BMP280 DS §4.3.4). */
    public static final int CTRL_MEAS_OSRS_T_SHIFT = 5;

    /** ctrl_meas bits 4..2: osrs_p (same sections). */
    public static final int CTRL_MEAS_OSRS_P_SHIFT = 2;

    /** ctrl_meas bits 1..0: mode (BME280 DS §5.4.5, Table 25; BMP280 DS §3.6, Table 10). */
    public static final int CTRL_MEAS_MODE_MASK = 0b0000_0011;

    /** Width of each osrs_x field. */
    public static final int OSRS_MASK = 0b0000_0111;

    public static final int MODE_SLEEP = 0b00;
    public static final int MODE_FORCED = 0b01;
    public static final int MODE_NORMAL = 0b11;

    /** config bits 7..5: t_sb, standby time in normal mode (BME280 DS §5.4.6, Table 27; BMP280 DS §4.3.5, Table 11). */
    public static final int CONFIG_T_SB_SHIFT = 5;

    /** config bits 4..2: filter, IIR filter coefficient (BME280 DS §5.4.6, Table 28; BMP280 DS §4.3.5, Table 6). */
    public static final int CONFIG_FILTER_SHIFT = 2;

    /** Width of the t_sb and filter fields. */
    public static final int CONFIG_FIELD_MASK = 0b0000_0111;

    /** Pressure and temperature output when the measurement is skipped (osrs = 0, BME280 DS §5.4.7, §5.4.8). */
    public static final int ADC_20_BIT_SKIPPED = 0x8_0000;

    /** Humidity output when the measurement is skipped (osrs_h = 0, BME280 DS §5.4.9). */
    public static final int ADC_16_BIT_SKIPPED = 0x8000;

    private Bmx280Registers() {}
}
