// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A random delay, drawn once per sensor when sampling starts and added to each of its scheduled samples: at most
 * {@code fraction} of the sensor's interval and at most {@code cap}, so that a village of nodes with the same
 * profile does not sample, and then send, in lockstep. The delay is never negative: an aligned sample stays in its
 * slot (10:05:00 to 10:05:05 for a 5-minute sensor). Being constant per sensor, it keeps the sensor's readings
 * exactly one interval apart, which SenML sends as one time step instead of a time per reading (BENCHMARKS.md).
 *
 * @param fraction the largest delay as a fraction of the interval, from 0 to 0.5
 * @param cap the largest delay whatever the interval
 */
public record Jitter(double fraction, Duration cap) {
    /** At most 2 % of the interval and at most 5 s. */
    public static final Jitter DEFAULT = new Jitter(0.02, Duration.ofSeconds(5));

    /** No jitter: samples exactly on time. */
    public static final Jitter NONE = new Jitter(0, Duration.ZERO);

    public Jitter {
        if (!(fraction >= 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("jitter fraction must be from 0 to 0.5, got " + fraction);
        }
        if (cap.isNegative()) {
            throw new IllegalArgumentException("jitter cap must be >= 0, got " + cap);
        }
    }

    /** The largest delay for a sensor sampled every {@code interval}. */
    public Duration max(Duration interval) {
        long byFraction = (long) (interval.toNanos() * fraction);
        return Duration.ofNanos(Math.min(byFraction, cap.toNanos()));
    }

    /** A delay from 0 to {@link #max(Duration)} inclusive, in whole milliseconds, as nanoseconds. */
    long draw(Duration interval, RandomGenerator random) {
        long maxMillis = max(interval).toMillis();
        return maxMillis == 0 ? 0 : random.nextLong(maxMillis + 1) * 1_000_000L;
    }
}
