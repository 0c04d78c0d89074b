// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a node waits before it sends an unanswered report again: exponential back-off with "equal jitter", a
 * random wait in [step/2, step], where the step is {@code first} doubled for each failure after the first, at most
 * {@code max}. Part of the contract as CoAP's transmission parameters are part of RFC 7252 (§4.8): a collector is
 * sized for the load its nodes make when it comes back after an outage, and its load test simulates nodes that back
 * off exactly so.
 *
 * @param first the step after the first failure
 * @param max the longest step; a collector that comes back is tried within one of them
 */
public record RetrySchedule(Duration first, Duration max) {
    /** What a node does with its reports: 2 s doubling to 5 minutes. */
    public static final RetrySchedule DELIVERY = new RetrySchedule(Duration.ofSeconds(2), Duration.ofMinutes(5));

    public RetrySchedule {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("steps cannot be negative, got " + first + " and " + max);
        }
    }

    /** The wait after {@code failures} (1 or more) failures in a row. */
    public Duration wait(int failures, RandomGenerator random) {
        long step = first.toMillis();
        for (int i = 1; i < failures && step < max.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, max.toMillis());
        long half = step / 2;
        return Duration.ofMillis(half + random.nextLong(step - half + 1));
    }
}
