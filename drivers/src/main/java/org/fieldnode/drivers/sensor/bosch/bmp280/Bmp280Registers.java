// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import org.fieldnode.drivers.sensor.bosch.TemperaturePressureTrimming;

/**
 * BMP280 register map and bit fields (datasheet BST-BMP280-DS001, §4.2 memory map, §4.3 register description).
 * Public so that the simulated chip shares one source of truth with the driver. Hex and binary literals only. The
 * map is the BME280's without humidity: no ctrl_hum (0xF2), no hum_msb/hum_lsb (0xFD, 0xFE), no dig_H trimming.
 */
public final class Bmp280Registers {
    /** Trimming dig_T1..dig_P9, 0x88..0x9F (DS §3.11.2, Table 17). */
    public static final int REG_CALIB_00 = TemperaturePressureTrimming.REG_DIG_T1;

    public static final int CALIB_LENGTH = TemperaturePressureTrimming.LENGTH;

    /** Last register of the calib00..calib25 range (DS §4.2); 0xA0 and 0xA1 are reserved. */
    public static final int REG_CALIB_25 = 0xA1;

    public static final int REG_CHIP_ID = 0xD0;
    public static final int REG_RESET = 0xE0;
    public static final int REG_STATUS = 0xF3;
    public static final int REG_CTRL_MEAS = 0xF4;
    public static final int REG_CONFIG = 0xF5;

    /** Data block: press_msb, press_lsb, press_xlsb, temp_msb, temp_lsb, temp_xlsb (DS §4.3.6, §4.3.7). */
    public static final int REG_PRESS_MSB = 0xF7;

    public static final int REG_TEMP_MSB = 0xFA;

    /** Last data register, temp_xlsb. */
    public static final int REG_TEMP_XLSB = 0xFC;

    public static final int DATA_LENGTH = 6;

    /** Value of {@link #REG_CHIP_ID} on a BMP280 (DS §4.3.1). A BME280 answers 0x60. */
    public static final int CHIP_ID = 0x58;

    /** The only value that resets the chip when written to {@link #REG_RESET} (DS §4.3.2). */
    public static final int RESET_WORD = 0xB6;

    /** status bit 3: a conversion is running (DS §4.3.3). */
    public static final int STATUS_MEASURING = 0b0000_1000;

    /** status bit 0: trimming data are being copied from NVM to the image registers (DS §4.3.3). */
    public static final int STATUS_IM_UPDATE = 0b0000_0001;

    /** ctrl_meas bits 7..5: osrs_t (DS §4.3.4). */
    public static final int CTRL_MEAS_OSRS_T_SHIFT = 5;

    /** ctrl_meas bits 4..2: osrs_p (DS §4.3.4). */
    public static final int CTRL_MEAS_OSRS_P_SHIFT = 2;

    /** ctrl_meas bits 1..0: mode (DS §3.6, Table 10). */
    public static final int CTRL_MEAS_MODE_MASK = 0b0000_0011;

    /** Width of each osrs_x field. */
    public static final int OSRS_MASK = 0b0000_0111;

    public static final int MODE_SLEEP = 0b00;
    public static final int MODE_FORCED = 0b01;
    public static final int MODE_NORMAL = 0b11;

    /** config bits 7..5: t_sb, standby time in normal mode (DS §4.3.5, Table 11). */
    public static final int CONFIG_T_SB_SHIFT = 5;

    /** config bits 4..2: filter, IIR filter coefficient (DS §4.3.5, Table 6). */
    public static final int CONFIG_FILTER_SHIFT = 2;

    /** Width of the t_sb and filter fields. */
    public static final int CONFIG_FIELD_MASK = 0b0000_0111;

    /** Pressure and temperature output when the measurement is skipped (osrs = 0, DS §3.3.1, §3.3.2). */
    public static final int ADC_SKIPPED = 0x8_0000;

    private Bmp280Registers() {}
}
