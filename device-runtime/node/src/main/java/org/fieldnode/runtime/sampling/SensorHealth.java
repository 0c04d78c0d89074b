// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Instant;
import java.util.Optional;

/**
 * What the sampler knows about one sensor. Times are wall-clock times for people and status output; the sampler
 * itself schedules on the monotonic clock.
 */
public sealed interface SensorHealth {
    /** The last fetch succeeded (or none has been tried yet). */
    SensorHealth OK = new Ok();

    /** True for {@link Ok}. */
    default boolean ok() {
        return this instanceof Ok;
    }

    /** The last fault, for {@code fieldnode status} and the run summary; empty while the sensor is OK. */
    default Optional<String> lastError() {
        return switch (this) {
            case Ok ok -> Optional.empty();
            case Failing f -> Optional.of(f.reason());
            case BackingOff b -> Optional.of(b.reason());
        };
    }

    /** When the sensor started failing; empty while it is OK. */
    default Optional<Instant> failingSince() {
        return switch (this) {
            case Ok ok -> Optional.empty();
            case Failing f -> Optional.ofNullable(f.since());
            case BackingOff b -> Optional.ofNullable(b.since());
        };
    }

    /** Failed attempts since {@link #failingSince()}; 0 while the sensor is OK. */
    default int failures() {
        return switch (this) {
            case Ok ok -> 0;
            case Failing f -> f.failures();
            case BackingOff b -> b.failures();
        };
    }

    /** The last fetch succeeded. */
    record Ok() implements SensorHealth {}

    /**
     * Fetches fail with faults a later attempt may not see (a NACK, data not ready); the sensor stays open and is
     * tried again at its next sample.
     *
     * @param reason the last fault
     * @param since when the sensor started failing
     * @param failures failed attempts since then
     */
    record Failing(String reason, Instant since, int failures) implements SensorHealth {}

    /**
     * The sensor failed in a way that needs a re-open (absent, a permanent bus fault, a driver bug, or a fetch that
     * overran its deadline), is closed, and is re-opened at {@code until}; scheduled samples before then are skipped.
     * Back-off doubles from 1 s to 10 min, and resets once a fetch succeeds.
     */
    record BackingOff(String reason, Instant since, int failures, Instant until) implements SensorHealth {}
}
