// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.vishay.veml7700;

import java.time.Duration;

/**
 * The VEML7700's command codes and fields (Vishay datasheet 84286, "Command Register Format" and "Table 1"): 16-bit
 * registers sent least significant byte first. Public so that the simulator shares one source of truth.
 */
public final class Veml7700Registers {
    /** The one I2C address. */
    public static final int ADDRESS = 0x10;

    /** ALS_CONF_0: gain (bits 12:11), integration time (bits 9:6), persistence, interrupt enable, shutdown (bit 0). */
    public static final int REG_ALS_CONF = 0x00;

    /** ALS output: counts of the ambient-light channel. */
    public static final int REG_ALS = 0x04;

    /** WHITE output. */
    public static final int REG_WHITE = 0x05;

    /** Device id: low byte 0x81, high byte the address option code. */
    public static final int REG_ID = 0x07;

    public static final int DEVICE_ID = 0x81;

    /** ALS_GAIN = 10: gain 1/8, for outdoor light up to 120 klx with the shortest integration time. */
    public static final int GAIN_ONE_EIGHTH = 0b10 << 11;

    /** ALS_IT = 1100: 25 ms. */
    public static final int IT_25_MS = 0b1100 << 6;

    public static final int GAIN_MASK = 0b11 << 11;
    public static final int IT_MASK = 0b1111 << 6;

    /** ALS_SD: 1 shuts the sensor down, 0 powers it on. */
    public static final int SHUTDOWN = 0b1;

    /** Lux per count at gain 1/8 and 25 ms (DS "Resolution and Maximum Detection Range": 1.8432 lx/ct). */
    public static final double LUX_PER_COUNT = 1.8432;

    public static final Duration INTEGRATION_TIME = Duration.ofMillis(25);

    /** Wake-up time after ALS_SD is cleared (DS "Power on / shutdown": 2.5 ms). */
    public static final Duration WAKE_UP = Duration.ofNanos(2_500_000);

    private Veml7700Registers() {}
}
