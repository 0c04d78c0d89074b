// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import java.time.Duration;

/**
 * TMP117 register map and fields (datasheet SNOSD82, "Register Map"). Registers are 16 bits, sent most
 * significant byte first. Public so that the simulator shares one source of truth with the driver.
 */
public final class Tmp117Registers {
    /** Temperature result, two's complement, 7.8125 m°C per LSB (DS, "Temperature Result Register"); 0x8000 after reset. */
    public static final int REG_TEMP_RESULT = 0x00;

    /** Configuration (DS, "Configuration Register"). */
    public static final int REG_CONFIGURATION = 0x01;

    /** Device ID (DS, "Device ID Register"): revision in bits 15..12, device id 0x117 in bits 11..0. */
    public static final int REG_DEVICE_ID = 0x0F;

    public static final int DEVICE_ID = 0x0117;
    public static final int DEVICE_ID_MASK = 0x0FFF;

    /** Configuration bit 13: a conversion completed; cleared by reading the configuration or the result. */
    public static final int CONFIG_DATA_READY = 0b0010_0000_0000_0000;

    /** Configuration bits 11..10: conversion mode. */
    public static final int CONFIG_MOD_MASK = 0b0000_1100_0000_0000;

    public static final int MOD_CONTINUOUS = 0b0000_0000_0000_0000;
    public static final int MOD_SHUTDOWN = 0b0000_0100_0000_0000;
    public static final int MOD_ONE_SHOT = 0b0000_1100_0000_0000;

    /** Configuration bits 6..5: averaging; 00 = none, one conversion of 15.5 ms (DS, conversion cycle time table). */
    public static final int CONFIG_AVG_MASK = 0b0000_0000_0110_0000;

    /** The read-only flags of the configuration register (bits 15..12). */
    public static final int CONFIG_READ_ONLY_MASK = 0b1111_0000_0000_0000;

    /** Configuration after power-up or reset (DS, "Configuration Register"): continuous, 1 s cycle, 8 averages. */
    public static final int CONFIG_RESET = 0x0220;

    /** Temperature result after power-up or reset, before the first conversion (−256 °C). */
    public static final int TEMP_RESET = 0x8000;

    /** Degrees Celsius per LSB of the temperature result (DS, "Temperature Result Register"). */
    public static final double CELSIUS_PER_LSB = 0.0078125;

    /** One conversion without averaging (DS, conversion cycle time table, AVG = 00). */
    public static final Duration CONVERSION_TIME = Duration.ofMillis(15).plusNanos(500_000);

    private Tmp117Registers() {}
}
