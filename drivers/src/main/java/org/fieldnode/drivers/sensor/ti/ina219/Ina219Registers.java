// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

/**
 * INA219 registers and fields (datasheet SBOS448G, "INA219 Zero-Drift, Bidirectional Current/Power Monitor With
 * I2C Interface", §8.6 register maps). Six 16-bit registers behind the pointer, most significant byte first.
 * Shared with the simulated chip. Hex and binary literals only.
 */
public final class Ina219Registers {
    public static final int REG_CONFIG = 0x00;

    /** Shunt voltage, two's complement, LSB 10 µV whatever the PGA (§8.6.3.1). Read-only. */
    public static final int REG_SHUNT_VOLTAGE = 0x01;

    /** Bus voltage: BD bits 15..3 (LSB 4 mV), CNVR bit 1, OVF bit 0 (§8.6.3.2). Read-only. */
    public static final int REG_BUS_VOLTAGE = 0x02;

    /** Power = current × bus voltage / 5000, LSB 20 × Current_LSB (§8.6.3.3). Read-only. */
    public static final int REG_POWER = 0x03;

    /** Current = shunt voltage × calibration / 4096, LSB Current_LSB (§8.6.3.4). Read-only. */
    public static final int REG_CURRENT = 0x04;

    /** Calibration, bits 15..1; bit 0 (FS0) is void and reads 0 (§8.6.4.1). */
    public static final int REG_CALIBRATION = 0x05;

    public static final int REGISTER_COUNT = 6;

    /** Config after power-on or reset: 32 V range, PGA /8, 12-bit ADCs, shunt and bus continuous (§8.6.2.1). */
    public static final int CONFIG_RESET = 0x399F;

    /** Config bit 15, RST: resets every register to its power-on value; self-clearing. */
    public static final int CONFIG_RST = 0b1000_0000_0000_0000;

    /** Config bit 13, BRNG: 0 = 16 V, 1 = 32 V bus full-scale range. */
    public static final int CONFIG_BRNG_32V = 0b0010_0000_0000_0000;

    /** Config bits 12..11, PG: shunt range ±40 mV (00), ±80 (01), ±160 (10), ±320 mV (11). */
    public static final int CONFIG_PG_SHIFT = 11;

    public static final int CONFIG_PG_MASK = 0b11;

    /** Config bits 10..7, BADC: bus ADC resolution or averaging. */
    public static final int CONFIG_BADC_SHIFT = 7;

    /** Config bits 6..3, SADC: shunt ADC resolution or averaging. */
    public static final int CONFIG_SADC_SHIFT = 3;

    public static final int CONFIG_ADC_MASK = 0b1111;

    /** ADC field for one 12-bit sample, 532 µs (§8.6.2.1). */
    public static final int ADC_12_BIT = 0b0011;

    /** Config bits 2..0, MODE. */
    public static final int CONFIG_MODE_MASK = 0b111;

    public static final int MODE_POWER_DOWN = 0b000;
    public static final int MODE_SHUNT_AND_BUS_TRIGGERED = 0b011;
    public static final int MODE_SHUNT_AND_BUS_CONTINUOUS = 0b111;

    /** Bus voltage register: BD starts at bit 3. */
    public static final int BUS_VOLTAGE_SHIFT = 3;

    /** Bus voltage register bit 1, CNVR: conversion ready; cleared by reading power or writing a mode. */
    public static final int BUS_CNVR = 0b10;

    /** Bus voltage register bit 0, OVF: the current or power calculation overflowed. */
    public static final int BUS_OVF = 0b01;

    /** Calibration register bit 0, FS0: void. */
    public static final int CALIBRATION_FS0 = 0b1;

    private Ina219Registers() {}
}
