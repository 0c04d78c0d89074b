// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import java.time.Instant;
import java.util.Objects;

/**
 * One resolved SenML record (RFC 8428 §4.6): base fields are already applied, so the name is absolute and the
 * time is a wall-clock instant.
 *
 * @param name the full name, e.g. {@code urn:dev:ops:fieldnode-3f9c:env0/temperature}; characters
 *     {@code A-Z a-z 0-9 - : . / _}, starting with a letter or digit (RFC 8428 §4.5.1)
 * @param unit the SenML unit symbol, e.g. {@code Cel}, or {@code ""} when the value has no unit; printable ASCII
 * @param value a finite number; only numeric values are supported
 * @param time when the value was observed; at or after 1978-07-04T21:24:16Z (2^28 s), because RFC 8428 §4.5.3
 *     reads smaller times as relative to "now", and not after 9999-12-31T23:59:59Z. Times survive a round trip
 *     to the microsecond until 2106 and to the millisecond until 9999; finer digits are rounded away.
 * @param timeUnsynced true when {@code time} was read off a clock no source had synchronised (the {@code tq_}
 *     extension field)
 */
public record SenmlRecord(String name, String unit, double value, Instant time, boolean timeUnsynced) {
    public SenmlRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        SenmlRules.nameProblem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        SenmlRules.unitProblem(unit).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of " + name + " must be finite, got " + value);
        }
        if (time.isBefore(SenmlRules.EARLIEST_TIME) || time.isAfter(SenmlRules.LATEST_TIME)) {
            throw new IllegalArgumentException("time of " + name + " must be within " + SenmlRules.EARLIEST_TIME
                    + " .. " + SenmlRules.LATEST_TIME + ", got " + time);
        }
    }

    /** A record whose time was taken on a synchronised clock. */
    public SenmlRecord(String name, String unit, double value, Instant time) {
        this(name, unit, value, time, false);
    }
}
