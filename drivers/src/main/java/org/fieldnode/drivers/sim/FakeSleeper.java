// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Virtual time: {@link #sleep} returns at once and moves {@link #nanoTime()} forward by the requested duration.
 * Share one instance between a driver and the simulated chips it talks to, so that conversion times pass exactly
 * when the driver waits for them. Thread-safe.
 */
public final class FakeSleeper implements Sleeper {
    private final AtomicLong nanoTime;
    private final AtomicLong sleptNanos = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();

    /** Starts at nanoTime 0. */
    public FakeSleeper() {
        this(0);
    }

    /** Starts at {@code startNanos}; a large value checks that callers subtract instead of compare. */
    public FakeSleeper(long startNanos) {
        this.nanoTime = new AtomicLong(startNanos);
    }

    /** Advances the clock by {@code duration}; a negative or zero duration does not move it, like a real sleep. */
    @Override
    public void sleep(Duration duration) {
        long nanos = Math.max(0, duration.toNanos());
        sleeps.incrementAndGet();
        sleptNanos.addAndGet(nanos);
        nanoTime.addAndGet(nanos);
    }

    @Override
    public long nanoTime() {
        return nanoTime.get();
    }

    /** Lets time pass without anyone sleeping, e.g. a chip that is slower than the driver expects. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + duration);
        }
        nanoTime.addAndGet(duration.toNanos());
    }

    /** Sum of every duration passed to {@link #sleep} so far. */
    public Duration totalSlept() {
        return Duration.ofNanos(sleptNanos.get());
    }

    /** Number of {@link #sleep} calls so far. */
    public long sleepCount() {
        return sleeps.get();
    }
}
