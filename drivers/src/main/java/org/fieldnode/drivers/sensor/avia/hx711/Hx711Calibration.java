// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.avia.hx711;

import java.util.Map;
import org.fieldnode.drivers.api.NodeProperties;

/**
 * A load cell's calibration from the profile's {@code properties}: {@code kg-per-count} (required: put a known mass on
 * the empty scale and divide it by the change of the raw value), {@code tare-counts} (the raw value of the empty
 * scale; default 0) and {@code channel} ({@code A}, gain 128, the default; or {@code B}, gain 32).
 */
public record Hx711Calibration(double kgPerCount, long tareCounts, String attribute) {
    /** @throws IllegalArgumentException naming the property */
    public static Hx711Calibration of(Map<String, String> properties) {
        double kgPerCount = NodeProperties.decimal(properties, "kg-per-count")
                .orElseThrow(() -> new IllegalArgumentException(
                        "properties.kg-per-count: missing; the load cell's kilograms per count, from a known mass"
                                + " (e.g. 2.3e-5)"));
        if (kgPerCount == 0) {
            throw NodeProperties.invalid("kg-per-count", "a factor other than 0", properties.get("kg-per-count"));
        }
        double tare = NodeProperties.decimal(properties, "tare-counts").orElse(0.0);
        String channel = properties.getOrDefault("channel", "A").trim();
        String attribute = switch (channel) {
            case "A", "a" -> "in_voltage0_raw";
            case "B", "b" -> "in_voltage1_raw";
            default -> throw NodeProperties.invalid("channel", "A (gain 128) or B (gain 32)", channel);
        };
        return new Hx711Calibration(kgPerCount, Math.round(tare), attribute);
    }

    /** The mass for a raw conversion. */
    public double kilograms(long raw) {
        return (raw - tareCounts) * kgPerCount;
    }
}
