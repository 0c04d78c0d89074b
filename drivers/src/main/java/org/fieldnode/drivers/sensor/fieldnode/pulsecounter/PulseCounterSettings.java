// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.NodeProperties;
import org.fieldnode.drivers.bus.GpioLine.Edge;
import org.fieldnode.drivers.bus.GpioLine.Pull;

/**
 * Pulse counter configuration. Profile properties: exactly one of {@code mm-per-pulse}, {@code ms-per-hz},
 * {@code litres-per-pulse} (see {@link PulseMode}); {@code debounce} (default {@code 5ms}: reed-switch bounce
 * lasts about a millisecond, and a 45 Hz anemometer still has 22 ms between pulses); {@code edge}
 * ({@code falling}, the default, for a switch closing to ground, or {@code rising}); {@code pull} ({@code up}, the
 * default, the SoC's pull-up for a switch closing to ground; {@code down}; or {@code none} when the sensor drives
 * the line or the board has its own resistor); {@code state-dir} (default {@value #DEFAULT_STATE_DIR}) where the
 * running total is kept; {@code total} ({@code false}, the default, or {@code true}; rain mode only): also report
 * {@code rain_total}, the accumulation since installation as a SenML sum. Off by default: {@code count} already
 * carries the running total, and a second series every sample costs a node on mobile data about 2.5 KB a day.
 */
public record PulseCounterSettings(
        PulseMode mode, double scale, Duration debounce, Edge edge, Pull pull, Path stateDir, boolean total) {
    public static final String DEFAULT_STATE_DIR = "/var/lib/fieldnode/counters";
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(5);

    public PulseCounterSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(stateDir, "stateDir");
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw NodeProperties.invalid(mode.property(), "a positive number", Double.toString(scale));
        }
        if (debounce.isNegative()) {
            throw NodeProperties.invalid("debounce", "a duration >= 0", debounce.toString());
        }
    }

    /** @throws IllegalArgumentException naming the property at fault */
    public static PulseCounterSettings fromProperties(Map<String, String> properties) {
        List<PulseMode> given = new ArrayList<>();
        for (PulseMode mode : PulseMode.values()) {
            if (properties.containsKey(mode.property())) {
                given.add(mode);
            }
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException(
                    "properties: give exactly one of mm-per-pulse, ms-per-hz, litres-per-pulse (got %s)"
                            .formatted(given.stream().map(PulseMode::property).toList()));
        }
        PulseMode mode = given.getFirst();
        double scale = NodeProperties.decimal(properties, mode.property()).orElseThrow();
        String edge = properties.getOrDefault("edge", "falling").trim();
        Edge counted = switch (edge) {
            case "falling" -> Edge.FALLING;
            case "rising" -> Edge.RISING;
            default -> throw NodeProperties.invalid("edge", "falling or rising", edge);
        };
        String bias = properties.getOrDefault("pull", "up").trim();
        Pull pull = switch (bias) {
            case "up" -> Pull.PULL_UP;
            case "down" -> Pull.PULL_DOWN;
            case "none" -> Pull.NONE;
            default -> throw NodeProperties.invalid("pull", "up, down or none", bias);
        };
        return new PulseCounterSettings(
                mode,
                scale,
                NodeProperties.duration(properties, "debounce", DEFAULT_DEBOUNCE),
                counted,
                pull,
                Path.of(properties.getOrDefault("state-dir", DEFAULT_STATE_DIR)),
                NodeProperties.bool(properties, "total", false));
    }
}
