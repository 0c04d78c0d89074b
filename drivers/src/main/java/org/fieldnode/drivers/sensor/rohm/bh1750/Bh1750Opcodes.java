// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import java.time.Duration;

/**
 * BH1750FVI instruction set (datasheet "BH1750FVI", ROHM, Rev. D, "Instruction Set Architecture" table) and
 * timings. Opcodes are single bytes, written here in hex: the diozero driver wrote one-time H-resolution mode as a
 * binary-looking literal with a leading zero, which Java reads as octal (0x10, continuous mode), and so sent wrong
 * commands. Public so that the simulated chip shares one source of truth.
 */
public final class Bh1750Opcodes {
    /** No active state. */
    public static final int POWER_DOWN = 0x00;

    /** Waiting for a measurement command. */
    public static final int POWER_ON = 0x01;

    /** Resets the data register; not accepted in power-down mode. */
    public static final int RESET = 0x07;

    /** Continuous measurement at 1 lx resolution. */
    public static final int CONTINUOUS_H_RESOLUTION = 0x10;

    /** Continuous measurement at 0.5 lx resolution. */
    public static final int CONTINUOUS_H_RESOLUTION_2 = 0x11;

    /** Continuous measurement at 4 lx resolution. */
    public static final int CONTINUOUS_L_RESOLUTION = 0x13;

    /** One measurement at 1 lx resolution, then automatically power down. */
    public static final int ONE_TIME_H_RESOLUTION = 0x20;

    /** One measurement at 0.5 lx resolution, then power down. */
    public static final int ONE_TIME_H_RESOLUTION_2 = 0x21;

    /** One measurement at 4 lx resolution, then power down. */
    public static final int ONE_TIME_L_RESOLUTION = 0x23;

    /** Change measurement time, high bits: {@code 01000_MT[7:5]}. */
    public static final int MTREG_HIGH = 0b0100_0000;

    /** Change measurement time, low bits: {@code 011_MT[4:0]}. */
    public static final int MTREG_LOW = 0b0110_0000;

    /** Bits of the measurement-time register each opcode carries. */
    public static final int MTREG_HIGH_MASK = 0b0000_0111;

    public static final int MTREG_LOW_MASK = 0b0001_1111;

    /** Measurement-time register: default and range (DS "Adjust measurement result for influence of optical window"). */
    public static final int MTREG_DEFAULT = 69;

    public static final int MTREG_MIN = 31;
    public static final int MTREG_MAX = 254;

    /** H-resolution measurement time at the default MTreg (DS electrical characteristics: 120 ms typ, 180 ms max). */
    public static final Duration H_RESOLUTION_TYPICAL = Duration.ofMillis(120);

    public static final Duration H_RESOLUTION_MAX = Duration.ofMillis(180);

    /** Counts per lux in H-resolution mode at the default MTreg (DS: lx = count / 1.2). */
    public static final double COUNTS_PER_LUX = 1.2;

    private Bh1750Opcodes() {}

    /** The two opcodes that set the measurement-time register to {@code mtreg}. */
    public static int[] mtregOpcodes(int mtreg) {
        if (mtreg < MTREG_MIN || mtreg > MTREG_MAX) {
            throw new IllegalArgumentException("MTreg must be %d..%d, got %d".formatted(MTREG_MIN, MTREG_MAX, mtreg));
        }
        return new int[] {MTREG_HIGH | (mtreg >> 5) & MTREG_HIGH_MASK, MTREG_LOW | mtreg & MTREG_LOW_MASK};
    }

    /** A measurement time scaled from its value at the default MTreg, rounded up to whole microseconds. */
    public static Duration scaled(Duration atDefault, int mtreg) {
        long micros = (atDefault.toNanos() / 1000 * mtreg + MTREG_DEFAULT - 1) / MTREG_DEFAULT;
        return Duration.ofNanos(micros * 1000);
    }
}
