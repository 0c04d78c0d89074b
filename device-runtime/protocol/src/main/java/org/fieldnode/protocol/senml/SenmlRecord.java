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
 * @param value a finite number
 * @param time when the value was observed; at or after 1978-07-04T21:24:16Z (2^28 s), because RFC 8428 §4.5.3
 *     reads smaller times as relative to "now", and not after 9999-12-31T23:59:59Z. Times survive a round trip
 *     to the microsecond until 2106 and to the millisecond until 9999; finer digits are rounded away.
 * @param timeUnsynced true when {@code time} was read off a clock no source had synchronised (the {@code tq_}
 *     extension field)
 * @param kind which SenML field carries the value: {@code v}, {@code vb} (value 0 or 1), the sum {@code s}, or
 *     {@code vs} ({@code text}; {@code value} is then 0)
 * @param text the string value of a {@link Kind#STRING} record (at most 1024 characters), {@code ""} for the others
 */
public record SenmlRecord(
        String name, String unit, double value, Instant time, boolean timeUnsynced, Kind kind, String text) {
    /** The field a node's value travels in (RFC 8428 §4.2). */
    public enum Kind {
        /** A number, {@code v}. */
        VALUE,
        /** A boolean, {@code vb}: 1 is true, 0 false (a contact, a float switch, a pump running). */
        BOOLEAN,
        /** An accumulated value, the sum {@code s} (a rain gauge's total since it was installed). */
        SUM,
        /** A string, {@code vs}: what a node says about itself (its software version, its profile). */
        STRING
    }

    public SenmlRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (kind == Kind.STRING ? value != 0 || text.length() > SenmlRules.MAX_TEXT_CHARS : !text.isEmpty()) {
            throw new IllegalArgumentException("a string record carries only its text (at most "
                    + SenmlRules.MAX_TEXT_CHARS + " characters), the others no text");
        }
        if (kind == Kind.BOOLEAN && value != 0 && value != 1) {
            throw new IllegalArgumentException("a boolean record's value is 0 or 1, got " + value);
        }
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

    /** A record of a number, a boolean or a sum. */
    public SenmlRecord(String name, String unit, double value, Instant time, boolean timeUnsynced, Kind kind) {
        this(name, unit, value, time, timeUnsynced, kind, "");
    }

    /** A string record ({@code vs}). */
    public static SenmlRecord text(String name, String text, Instant time, boolean timeUnsynced) {
        return new SenmlRecord(name, "", 0, time, timeUnsynced, Kind.STRING, text);
    }

    /** A numeric record ({@code v}). */
    public SenmlRecord(String name, String unit, double value, Instant time, boolean timeUnsynced) {
        this(name, unit, value, time, timeUnsynced, Kind.VALUE);
    }

    /** A numeric record whose time was taken on a synchronised clock. */
    public SenmlRecord(String name, String unit, double value, Instant time) {
        this(name, unit, value, time, false);
    }
}
