// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Map;
import org.fieldnode.drivers.sensor.avia.hx711.Hx711Calibration;

/**
 * A load cell on an HX711 behind the kernel's IIO {@code hx711} driver: {@code in_voltage0_raw} (channel A) and
 * {@code in_voltage1_raw} (channel B) hold the signed 24-bit conversion of the mass on the
 * scale, through the node's own calibration, so the driver reads that mass back. Backend face: {@link #setKilograms}.
 */
public final class SimulatedHx711 extends SimulatedIioDevice {
    public static final String KERNEL_NAME = "hx711";

    private final Hx711Calibration calibration;
    private volatile double kilograms;

    /** @param properties the node's calibration properties ({@link Hx711Calibration}) */
    public SimulatedHx711(double kilograms, Map<String, String> properties) {
        super(KERNEL_NAME);
        this.calibration = Hx711Calibration.of(properties);
        this.kilograms = kilograms;
        define("in_voltage0_raw", () -> Long.toString(raw(1)));
        define("in_voltage1_raw", () -> Long.toString(raw(1)));
    }

    public void setKilograms(double kilograms) {
        this.kilograms = kilograms;
    }

    private long raw(int gainDivisor) { // each channel calibrated on its own
        long counts = Math.round(kilograms / calibration.kgPerCount()) / gainDivisor + calibration.tareCounts();
        return Math.clamp(counts, -(1 << 23), (1 << 23) - 1);
    }
}
