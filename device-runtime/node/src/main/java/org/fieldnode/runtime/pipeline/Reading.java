// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.time.Instant;
import java.util.Objects;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.SeriesNames;

/**
 * One value of one series, stamped by the sampler: the sensor's profile id, the channel (quantity and unit), the
 * value in the channel's canonical unit, and when it was observed.
 *
 * @param sensorId the profile id of the sensor, e.g. {@code env0}
 * @param monotonicNanos the sampler's monotonic clock at the observation (for intervals; meaningless across boots)
 * @param observedAt the wall-clock time of the observation
 * @param timeQuality whether the wall clock was synchronised when {@code observedAt} was read
 * @param text the value of a text channel ({@code Channel.Kind.TEXT}, whose {@code value} is 0): at most
 *     {@value #MAX_TEXT} characters; {@code ""} for every other channel
 */
public record Reading(
        String sensorId,
        Channel channel,
        double value,
        long monotonicNanos,
        Instant observedAt,
        TimeQuality timeQuality,
        String text) {
    /** The longest text a reading carries: a version, a digest and file name, a place label. */
    public static final int MAX_TEXT = 160;

    public Reading {
        Objects.requireNonNull(text, "text");
        if (channel != null && channel.kind() == Channel.Kind.TEXT
                ? value != 0 || text.isEmpty() || text.length() > MAX_TEXT
                : !text.isEmpty()) {
            throw new IllegalArgumentException(sensorId + "/" + channel.quantity() + ": a text channel carries 1.."
                    + MAX_TEXT + " characters and value 0, the others no text");
        }
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(timeQuality, "timeQuality");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(sensorId + "/" + channel.quantity() + " is not finite: " + value);
        }
    }

    /** A reading of a number, a state or a total. */
    public Reading(
            String sensorId,
            Channel channel,
            double value,
            long monotonicNanos,
            Instant observedAt,
            TimeQuality timeQuality) {
        this(sensorId, channel, value, monotonicNanos, observedAt, timeQuality, "");
    }

    /** A reading of a text channel. */
    public static Reading text(
            String sensorId, Channel channel, String text, long monotonicNanos, Instant observedAt, TimeQuality q) {
        return new Reading(sensorId, channel, 0, monotonicNanos, observedAt, q, text);
    }

    /** A reading taken on a synchronised clock. */
    public Reading(String sensorId, Channel channel, double value, long monotonicNanos, Instant observedAt) {
        this(sensorId, channel, value, monotonicNanos, observedAt, TimeQuality.SYNCED);
    }

    /** The series name relative to the node's base name, e.g. {@code env0/temperature} (SENSORS.md). */
    public String seriesName() {
        return SeriesNames.series(sensorId, channel.quantity());
    }

    /**
     * The same observation with another value, as a pipeline stage produces it.
     *
     * @throws IllegalArgumentException when {@code newValue} is not finite
     */
    public Reading withValue(double newValue) {
        return new Reading(sensorId, channel, newValue, monotonicNanos, observedAt, timeQuality, text);
    }

    /** The same reading with its time corrected on a synchronised clock. */
    public Reading withSyncedTime(Instant correctedAt) {
        return new Reading(sensorId, channel, value, monotonicNanos, correctedAt, TimeQuality.SYNCED, text);
    }
}
