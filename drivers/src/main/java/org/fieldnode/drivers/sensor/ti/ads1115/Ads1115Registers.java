// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

/**
 * ADS1115 registers and config fields (datasheet SBAS444D, "ADS111x Ultra-Small, Low-Power, I2C-Compatible,
 * 860-SPS, 16-Bit ADCs", §9.6 register map). Four 16-bit registers selected by the address pointer register
 * (§9.6.1), transferred most significant byte first. Shared with the simulated chip. Hex and binary literals only.
 */
public final class Ads1115Registers {
    /** Conversion register, 16-bit two's complement result (§9.6.2). Read-only. */
    public static final int REG_CONVERSION = 0x00;

    /** Config register (§9.6.3), reset 0x8583. */
    public static final int REG_CONFIG = 0x01;

    /** Lo_thresh register (§9.6.4), reset 0x8000. */
    public static final int REG_LO_THRESH = 0x02;

    /** Hi_thresh register (§9.6.4), reset 0x7FFF. */
    public static final int REG_HI_THRESH = 0x03;

    /** Registers the pointer can select (P[1:0]; bits 7..2 of the pointer byte must be 0). */
    public static final int REGISTER_COUNT = 4;

    public static final int CONFIG_RESET = 0x8583;
    public static final int LO_THRESH_RESET = 0x8000;
    public static final int HI_THRESH_RESET = 0x7FFF;

    /**
     * Bit 15, OS. Write 1: start a single conversion (in power-down state). Read 0: a conversion is in progress;
     * read 1: no conversion is in progress.
     */
    public static final int CONFIG_OS = 0b1000_0000_0000_0000;

    /** Bits 14..12, MUX: 0b100..0b111 select AIN0..AIN3 against GND; 0b000..0b011 differential pairs. */
    public static final int CONFIG_MUX_SHIFT = 12;

    public static final int CONFIG_MUX_MASK = 0b111;

    /** MUX value for AIN0 against GND; AINx is this plus x. */
    public static final int MUX_SINGLE_ENDED_AIN0 = 0b100;

    /** Bits 11..9, PGA: full-scale range (§9.3.3, Table 3 "Full-Scale Range and Corresponding LSB Size"). */
    public static final int CONFIG_PGA_SHIFT = 9;

    public static final int CONFIG_PGA_MASK = 0b111;

    /** Bit 8, MODE: 1 single-shot (power-down between conversions), 0 continuous. */
    public static final int CONFIG_MODE_SINGLE_SHOT = 0b0000_0001_0000_0000;

    /** Bits 7..5, DR: data rate 8..860 SPS. */
    public static final int CONFIG_DR_SHIFT = 5;

    public static final int CONFIG_DR_MASK = 0b111;

    /** Bits 1..0, COMP_QUE = 0b11: comparator disabled, ALERT/RDY high impedance (the reset value). */
    public static final int CONFIG_COMP_QUE_DISABLE = 0b11;

    private Ads1115Registers() {}
}
