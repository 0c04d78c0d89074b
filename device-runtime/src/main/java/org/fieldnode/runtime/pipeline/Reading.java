// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Instant;
import java.util.Objects;
import org.fieldnode.drivers.api.Channel;

/**
 * One value of one series, stamped by the sampler: the sensor's profile id, the channel (quantity and unit), the
 * value in the channel's canonical unit, and when it was observed.
 *
 * @param sensorId the profile id of the sensor, e.g. {@code env0}
 * @param monotonicNanos the sampler's monotonic clock at the observation (for intervals; meaningless across boots)
 * @param observedAt the wall-clock time of the observation
 */
public record Reading(String sensorId, Channel channel, double value, long monotonicNanos, Instant observedAt) {
    public Reading {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(observedAt, "observedAt");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(sensorId + "/" + channel.quantity() + " is not finite: " + value);
        }
    }

    /** The series name relative to the node's base name, e.g. {@code env0/temperature} (SENSORS.md). */
    public String seriesName() {
        return sensorId + "/" + channel.quantity();
    }

    /**
     * The same observation with another value, as a pipeline stage produces it.
     *
     * @throws IllegalArgumentException when {@code newValue} is not finite
     */
    public Reading withValue(double newValue) {
        return new Reading(sensorId, channel, newValue, monotonicNanos, observedAt);
    }
}
