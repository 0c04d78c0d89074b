// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Instant;

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
