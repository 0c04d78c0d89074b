// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A hardware clock that keeps wall-clock time across power cuts, e.g. a battery-backed RTC. A node without
 * network reads it at boot to stamp readings with absolute time; once the node has trusted time (NTP, the
 * collector), it sets the clock. A sensor that is also a time source implements this interface beside
 * {@link Sensor}; the runtime finds it with {@code instanceof}.
 */
public interface TimeSource {
    /**
     * The time the clock keeps, to the second, or empty when it cannot be trusted: its oscillator stopped since it
     * was last set (first power-up, flat battery), or it holds no valid date.
     */
    Optional<Instant> read() throws DeviceException;

    /**
     * Sets the clock to {@code now}, truncated to the second, and marks its time trustworthy again.
     *
     * @throws IllegalArgumentException when the clock cannot represent {@code now}
     */
    void set(Instant now) throws DeviceException;
}
