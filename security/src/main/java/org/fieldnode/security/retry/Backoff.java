// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter" (SECURITY R38, R6), the one mechanism behind every retry of a node.
 *
 * <p><b>Policy.</b> After the n-th failure in a row (n at least 1) the <em>step</em> is {@code min(cap, first *
 * 2^(n-1))}: {@code first}, then doubled per failure, never beyond {@code cap}. The wait before the next attempt,
 * {@link #delay}, is drawn uniformly from [step/2, step] in whole milliseconds. So a peer that comes back is tried
 * again within one step and never later than {@code cap} after it is back, while a village of nodes that failed
 * together (a collector's power cut) retries spread over half a step instead of in step; each node still waits at
 * least half the step, so the total load stays bounded. A success resets the caller's count of failures.
 *
 * <p><b>Callers</b> keep their own parameters; the mechanism is this one:
 *
 * <ul>
 *   <li>delivery of readings: {@link #DELIVERY}, 2 s doubling to 5 min, jittered (the collector's load test uses it
 *       too, so that its simulated nodes back off exactly as nodes do);
 *   <li>enrolment and renewal: {@code EnrolmentPolicy}, 30 s doubling to 5 min by default, jittered;
 *   <li>re-opening a failed sensor: 1 s doubling to 10 min, the {@link #step} itself without jitter: a sensor on a
 *       local bus has no peer to stampede, and its re-open times stay exact.
 * </ul>
 *
 * <p>The random source is the caller's (seed it in tests); jitter is not a secret, so a plain generator will do.
 *
 * @param first the step after the first failure
 * @param cap the largest step
 */
public record Backoff(Duration first, Duration cap) {
    /**
     * A node's delivery of readings to its collector (issue 20): 2 s doubling to 5 min, so a collector back after an
     * outage is tried again within 5 minutes.
     */
    public static final Backoff DELIVERY = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    /** @throws IllegalArgumentException unless {@code 0 < first <= cap} */
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(cap, "cap");
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first back-off step <= cap, got " + first + " / " + cap);
        }
    }

    /** The step after {@code failures} failures in a row (fewer than 1 counts as 1), in whole milliseconds. */
    public Duration step(int failures) {
        long cap = this.cap.toMillis();
        long step = first.toMillis();
        // At most 64 doublings: from 1 ms on, every step has reached any cap by then.
        int doublings = Math.min(Math.max(failures, 1) - 1, Long.SIZE);
        for (int i = 0; i < doublings && step < cap; i++) {
            step = step > cap / 2 ? cap : step * 2;
        }
        return Duration.ofMillis(Math.min(step, cap));
    }

    /** The wait before the next attempt after {@code failures} failures in a row: uniform in [step/2, step]. */
    public Duration delay(int failures, RandomGenerator random) {
        long step = step(failures).toMillis();
        long half = step / 2;
        return Duration.ofMillis(half + random.nextLong(step - half + 1));
    }
}
