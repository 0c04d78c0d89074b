// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

import java.time.Duration;

/**
 * The AHT20's commands and timings ("AHT20 Product Manual", Aosong, V1.0, §5.3 and §5.4). Public so that the
 * simulator shares one source of truth with the driver.
 */
public final class Aht20Commands {
    /** The one I2C address (DS §5.3). */
    public static final int ADDRESS = 0x38;

    /** Initialisation: 0xBE 0x08 0x00, when the status lacks the calibration bit (DS §5.4 step 1). */
    public static final byte[] INITIALISE = {(byte) 0xBE, 0x08, 0x00};

    /** Trigger measurement: 0xAC 0x33 0x00 (DS §5.4 step 2). */
    public static final byte[] TRIGGER = {(byte) 0xAC, 0x33, 0x00};

    /** Soft reset (DS §5.5). */
    public static final int SOFT_RESET = 0xBA;

    /** Status bit 7: a measurement is running. */
    public static final int STATUS_BUSY = 0b1000_0000;

    /** Status bits 4 and 3: the calibration is loaded; both must be set before measuring (DS §5.4 step 1). */
    public static final int STATUS_CALIBRATED = 0b0001_1000;

    /** A measurement takes 80 ms (DS §5.4 step 3). */
    public static final Duration MEASUREMENT_TIME = Duration.ofMillis(80);

    /** Initialisation takes 10 ms (DS §5.4 step 1). */
    public static final Duration INITIALISATION_TIME = Duration.ofMillis(10);

    /** The reply to a measurement: status, 20-bit humidity, 20-bit temperature, CRC-8 (DS §5.4 step 4). */
    public static final int REPLY_LENGTH = 7;

    private Aht20Commands() {}
}
