// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import java.time.Duration;
import org.fieldnode.drivers.sensor.sensirion.ShtModel;

/**
 * SHT3x-DIS commands, status bits and timings (datasheet "Datasheet SHT3x-DIS", version 7, §4 and Table 4). Public
 * so that the simulated chip shares one source of truth with the driver. Hex and binary literals only.
 */
public final class Sht3xCommands {
    /** Single shot, high repeatability, clock stretching disabled (DS §4.3, Table 9). */
    public static final int MEASURE_HIGH_REPEATABILITY = 0x2400;

    /** Single shot, medium repeatability, clock stretching disabled (DS Table 9). */
    public static final int MEASURE_MEDIUM_REPEATABILITY = 0x240B;

    /** Single shot, low repeatability, clock stretching disabled (DS Table 9). */
    public static final int MEASURE_LOW_REPEATABILITY = 0x2416;

    /** Soft reset (DS §4.9, Table 13). */
    public static final int SOFT_RESET = 0x30A2;

    /** Read the 32-bit electronic serial number, clock stretching disabled: two words (DS §4.10 of later revisions). */
    public static final int READ_SERIAL_NUMBER = 0x3780;

    /** Read the status register: one word (DS §4.11, Table 17). */
    public static final int READ_STATUS = 0xF32D;

    /** Clear the status flags (DS §4.11, Table 18). */
    public static final int CLEAR_STATUS = 0x3041;

    /** Status bit 4: a reset (power-on, soft reset, supply fail) was detected since the last clear (DS Table 19). */
    public static final int STATUS_RESET_DETECTED = 0b0000_0000_0001_0000;

    /** Status bit 1: the last command was not processed (invalid or failed its checksum) (DS Table 19). */
    public static final int STATUS_COMMAND_FAILED = 0b0000_0000_0000_0010;

    /** Longest high-repeatability measurement (DS Table 4: 12.5 ms typical, 15 ms maximum). */
    public static final Duration MEASUREMENT_HIGH_MAX = Duration.ofMillis(15);

    /** Typical high-repeatability measurement (DS Table 4). */
    public static final Duration MEASUREMENT_HIGH_TYPICAL =
            Duration.ofMillis(12).plusNanos(500_000);

    /** Soft reset until the chip accepts commands again (DS Table 4: t_SR, 1.5 ms maximum). */
    public static final Duration SOFT_RESET_MAX = Duration.ofMillis(1).plusNanos(500_000);

    /** Pause the driver leaves after a command before its next transaction (DS §4: t_IDLE between commands). */
    public static final Duration COMMAND_SPACING = Duration.ofMillis(1);

    /** The table {@link org.fieldnode.drivers.sensor.sensirion.ShtSensor} runs the SHT3x on: two-byte commands. */
    public static final ShtModel MODEL = new ShtModel(
            "SHT3x",
            2,
            SOFT_RESET,
            SOFT_RESET_MAX,
            READ_SERIAL_NUMBER,
            COMMAND_SPACING,
            MEASURE_HIGH_REPEATABILITY,
            MEASUREMENT_HIGH_MAX,
            Conversion::celsius,
            Conversion::relativeHumidity);

    private Sht3xCommands() {}
}
