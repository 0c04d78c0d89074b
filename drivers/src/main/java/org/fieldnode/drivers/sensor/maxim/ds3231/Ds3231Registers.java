// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

/**
 * DS3231 registers and bits (datasheet 19-5170, "DS3231 Extremely Accurate I2C-Integrated RTC/TCXO/Crystal", rev.
 * 10, Figure 1 "Timekeeping Registers" and the control and status register descriptions). Shared with the
 * simulated chip. Hex and binary literals only.
 */
public final class Ds3231Registers {
    /** Seconds, minutes, hours, day, date, month/century, year: 0x00..0x06, BCD. */
    public static final int REG_SECONDS = 0x00;

    public static final int REG_HOURS = 0x02;
    public static final int REG_DAY = 0x03;
    public static final int REG_MONTH = 0x05;
    public static final int TIME_LENGTH = 7;

    public static final int REG_CONTROL = 0x0E;
    public static final int REG_STATUS = 0x0F;
    public static final int REG_AGING = 0x10;

    /** Temperature, integer part (two's complement) at 0x11, fraction in bits 7..6 of 0x12, 0.25 °C steps. */
    public static final int REG_TEMP_MSB = 0x11;

    public static final int REG_TEMP_LSB = 0x12;

    /** The last register; the pointer wraps from here to 0x00. */
    public static final int LAST_REGISTER = REG_TEMP_LSB;

    /** Hours bit 6: 1 selects 12-hour mode, where bit 5 is PM; in 24-hour mode bit 5 is the 20-hour digit. */
    public static final int HOURS_12_HOUR_MODE = 0b0100_0000;

    public static final int HOURS_PM = 0b0010_0000;

    /** Month bit 7, century: toggled when the year register overflows from 99 to 00. */
    public static final int MONTH_CENTURY = 0b1000_0000;

    /** Status bit 7, OSF: the oscillator is or was stopped; the time may be wrong. Cleared only by writing 0. */
    public static final int STATUS_OSF = 0b1000_0000;

    /** Status bit 3, EN32kHz; bit 2, BSY (temperature conversion running); bits 1..0, alarm flags. */
    public static final int STATUS_EN32KHZ = 0b0000_1000;

    public static final int STATUS_BSY = 0b0000_0100;
    public static final int STATUS_ALARM_FLAGS = 0b0000_0011;

    /** Status bits 6..4 are unused and read 0 on a DS3231. */
    public static final int STATUS_UNUSED = 0b0111_0000;

    /** Power-on values: control 0x1C (INTCN, RS2, RS1), status 0x88 (OSF, EN32kHz). */
    public static final int CONTROL_POWER_ON = 0x1C;

    public static final int STATUS_POWER_ON = 0x88;

    private Ds3231Registers() {}
}
