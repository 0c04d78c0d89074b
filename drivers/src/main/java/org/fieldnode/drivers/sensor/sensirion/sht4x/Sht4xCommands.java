// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import java.time.Duration;
import org.fieldnode.drivers.sensor.sensirion.ShtModel;

/**
 * SHT4x commands and timings (datasheet "Datasheet SHT4x", version 6.x, §4.5 command overview and Table 4 timings).
 * Commands are single bytes. Public so that the simulated chip shares one source of truth with the driver.
 */
public final class Sht4xCommands {
    /** Measure T and RH with high precision (high repeatability); reply: two words. */
    public static final int MEASURE_HIGH_PRECISION = 0xFD;

    /** Measure T and RH with medium precision. */
    public static final int MEASURE_MEDIUM_PRECISION = 0xF6;

    /** Measure T and RH with low precision. */
    public static final int MEASURE_LOW_PRECISION = 0xE0;

    /** Read the serial number; reply: two words. */
    public static final int READ_SERIAL_NUMBER = 0x89;

    /** Soft reset. */
    public static final int SOFT_RESET = 0x94;

    /** Longest high-precision measurement (DS Table 4: 6.9 ms typical, 8.3 ms maximum). */
    public static final Duration MEASUREMENT_HIGH_MAX = Duration.ofMillis(8).plusNanos(300_000);

    /** Typical high-precision measurement (DS Table 4). */
    public static final Duration MEASUREMENT_HIGH_TYPICAL = Duration.ofMillis(6).plusNanos(900_000);

    /** Soft reset until the chip accepts commands again (DS Table 4: 1 ms maximum). */
    public static final Duration SOFT_RESET_MAX = Duration.ofMillis(1);

    /** Wait between the serial-number command and reading its reply. */
    public static final Duration SERIAL_NUMBER_WAIT = Duration.ofMillis(1);

    /** The table {@link org.fieldnode.drivers.sensor.sensirion.ShtSensor} runs the SHT4x on: one-byte commands. */
    public static final ShtModel MODEL = new ShtModel(
            "SHT4x",
            1,
            SOFT_RESET,
            SOFT_RESET_MAX,
            READ_SERIAL_NUMBER,
            SERIAL_NUMBER_WAIT,
            MEASURE_HIGH_PRECISION,
            MEASUREMENT_HIGH_MAX,
            Conversion::celsius,
            Conversion::relativeHumidity);

    private Sht4xCommands() {}
}
