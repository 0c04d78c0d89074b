// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import java.time.Duration;

/**
 * SCD4x commands and execution times (datasheet "Datasheet SCD4x", version 1.x, §3.5 command overview, Table 9).
 * Public so that the simulated chip shares one source of truth with the driver. Hex literals only.
 */
public final class Scd4xCommands {
    /** Start periodic measurement: a new sample every {@link #SIGNAL_UPDATE_INTERVAL} (DS §3.5.1). */
    public static final int START_PERIODIC_MEASUREMENT = 0x21B1;

    /** Read CO2, T and RH; empties the sample buffer (DS §3.5.2). Reply: three words. */
    public static final int READ_MEASUREMENT = 0xEC05;

    /** Stop periodic measurement and return to idle (DS §3.5.3). */
    public static final int STOP_PERIODIC_MEASUREMENT = 0x3F86;

    /** Data-ready status (DS §3.8.2). Reply: one word, ready when its low 11 bits are not all 0. */
    public static final int GET_DATA_READY_STATUS = 0xE4B8;

    /** Serial number (DS §3.9.2). Reply: three words, 48 bits. */
    public static final int GET_SERIAL_NUMBER = 0x3682;

    /** One measurement on demand, SCD41 only (DS §3.10.1). */
    public static final int MEASURE_SINGLE_SHOT = 0x219D;

    /** Set ambient pressure for compensation; allowed during periodic measurement (DS §3.6.5). */
    public static final int SET_AMBIENT_PRESSURE = 0xE000;

    /** Mask of the data-ready word whose bits say a sample is waiting (DS §3.8.2). */
    public static final int DATA_READY_MASK = 0x07FF;

    /** Execution time of stop_periodic_measurement (DS Table 9). */
    public static final Duration STOP_PERIODIC_TIME = Duration.ofMillis(500);

    /** Execution time of read_measurement, get_data_ready_status and get_serial_number (DS Table 9). */
    public static final Duration READ_TIME = Duration.ofMillis(1);

    /** Execution time of measure_single_shot (DS Table 9). */
    public static final Duration SINGLE_SHOT_TIME = Duration.ofMillis(5000);

    /** Periodic measurement produces one sample per interval (DS §3.5.1). */
    public static final Duration SIGNAL_UPDATE_INTERVAL = Duration.ofSeconds(5);

    private Scd4xCommands() {}
}
