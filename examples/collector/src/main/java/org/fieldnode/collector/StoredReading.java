// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading as the collector stored it.
 *
 * @param device the node's authenticated identity (its DTLS PSK identity), never taken from the payload
 * @param name the series name relative to the node's base name {@code urn:dev:ops:<device>:}, e.g.
 *     {@code env0/temperature}
 * @param value the value in {@code unit}
 * @param unit the SenML unit symbol, e.g. {@code Cel}; {@code ""} when none was sent
 * @param time when the node observed the value
 * @param sequence the node's sequence number of this reading: the batch's {@code s} plus the record's index
 * @param timeUnsynced true when the node took {@code time} off a clock no source had synchronised
 */
public record StoredReading(
        String device, String name, double value, String unit, Instant time, long sequence, boolean timeUnsynced) {
    public StoredReading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
    }

    /** A reading whose time was taken on a synchronised clock. */
    public StoredReading(String device, String name, double value, String unit, Instant time, long sequence) {
        this(device, name, value, unit, time, sequence, false);
    }
}
