// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.fieldnode.drivers.api.NodeProperties;

/**
 * How the PMS5003 is driven. Profile properties:
 *
 * <ul>
 *   <li>{@code sleep-between-readings} (default {@code true}): put the laser and fan to sleep after every
 *       reading, which spares the laser (rated lifetime a few thousand hours of operation);
 *   <li>{@code spin-up} (default {@code 30s}): the wait after wake-up before reading; the data manual asks for at
 *       least 30 s "because of the fan's performance";
 *   <li>{@code timeout} (default {@code 3s}): how long to wait for the answer to a read command.
 * </ul>
 *
 * Durations are written {@code 30s}, {@code 500ms} or ISO-8601 ({@code PT30S}).
 */
public record Pms5003Settings(boolean sleepBetweenReadings, Duration spinUp, Duration timeout) {
    public static final Duration DATASHEET_SPIN_UP = Duration.ofSeconds(30);

    public Pms5003Settings {
        Objects.requireNonNull(spinUp, "spinUp");
        Objects.requireNonNull(timeout, "timeout");
        if (spinUp.isNegative()) {
            throw new IllegalArgumentException("spin-up must not be negative, got " + spinUp);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    public static Pms5003Settings defaults() {
        return new Pms5003Settings(true, DATASHEET_SPIN_UP, Duration.ofSeconds(3));
    }

    /** @throws IllegalArgumentException naming the property when a value is malformed */
    public static Pms5003Settings fromProperties(Map<String, String> properties) {
        Pms5003Settings d = defaults();
        boolean sleep = NodeProperties.bool(properties, "sleep-between-readings", d.sleepBetweenReadings());
        Duration spinUp = NodeProperties.duration(properties, "spin-up", d.spinUp());
        Duration timeout = NodeProperties.duration(properties, "timeout", d.timeout());
        try {
            return new Pms5003Settings(sleep, spinUp, timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("properties: " + e.getMessage(), e);
        }
    }
}
