// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.nova.sds011;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.NodeProperties;

/**
 * How the SDS011 is driven. Profile properties: {@code sleep-between-readings} (default {@code true}: sleep
 * spares the laser, rated 8000 h), {@code spin-up} (default {@code 30s}: the fan and laser run that long after
 * wake-up before the reading, as Nova's application notes advise; the datasheet gives no figure) and
 * {@code timeout} (default {@code 3s}) for each answer.
 */
public record Sds011Settings(boolean sleepBetweenReadings, Duration spinUp, Duration timeout) {
    public Sds011Settings {
        Objects.requireNonNull(spinUp, "spinUp");
        Objects.requireNonNull(timeout, "timeout");
        if (spinUp.isNegative()) {
            throw new IllegalArgumentException("properties.spin-up must not be negative, got " + spinUp);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("properties.timeout must be positive, got " + timeout);
        }
    }

    public static Sds011Settings defaults() {
        return new Sds011Settings(true, Duration.ofSeconds(30), Duration.ofSeconds(3));
    }

    /** @throws IllegalArgumentException naming the property when a value is malformed */
    public static Sds011Settings fromProperties(Map<String, String> properties) {
        Sds011Settings d = defaults();
        return new Sds011Settings(
                NodeProperties.bool(properties, "sleep-between-readings", d.sleepBetweenReadings()),
                NodeProperties.duration(properties, "spin-up", d.spinUp()),
                NodeProperties.duration(properties, "timeout", d.timeout()));
    }
}
