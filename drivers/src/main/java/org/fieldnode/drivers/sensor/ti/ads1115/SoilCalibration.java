// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

/**
 * Two-point calibration of a soil-moisture probe on one input: the probe's output in dry soil (0 %) and in
 * saturated soil (100 %), with a straight line between. Capacitive probes read lower when wet (wet &lt; dry);
 * resistive probes the other way round; both work. Readings beyond the points are clamped to 0..100 %.
 *
 * @param input the single-ended input, 0..3 (profile key {@code soil-channel})
 * @param dryVolts output in dry soil (profile key {@code soil-dry-volts})
 * @param wetVolts output in saturated soil (profile key {@code soil-wet-volts})
 */
public record SoilCalibration(int input, double dryVolts, double wetVolts) {
    public static final String KEY_CHANNEL = "soil-channel";
    public static final String KEY_DRY_VOLTS = "soil-dry-volts";
    public static final String KEY_WET_VOLTS = "soil-wet-volts";

    public SoilCalibration {
        if (input < 0 || input > 3) {
            throw new IllegalArgumentException("%s: expected an input 0..3, got %d".formatted(KEY_CHANNEL, input));
        }
        if (!Double.isFinite(dryVolts)) {
            throw new IllegalArgumentException("%s: not a finite voltage: %s".formatted(KEY_DRY_VOLTS, dryVolts));
        }
        if (!Double.isFinite(wetVolts)) {
            throw new IllegalArgumentException("%s: not a finite voltage: %s".formatted(KEY_WET_VOLTS, wetVolts));
        }
        if (dryVolts == wetVolts) {
            throw new IllegalArgumentException("%s: must differ from %s (both %s V); two equal points define no line"
                    .formatted(KEY_WET_VOLTS, KEY_DRY_VOLTS, wetVolts));
        }
    }

    /** Soil moisture in % (0 dry, 100 saturated) for the probe output {@code volts}, clamped to 0..100. */
    public double percent(double volts) {
        return Math.clamp(100.0 * (dryVolts - volts) / (dryVolts - wetVolts), 0.0, 100.0);
    }
}
