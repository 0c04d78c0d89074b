// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Time and threads for the {@link SamplingScheduler}: a monotonic clock and a wall clock, one scheduler thread that
 * runs timed and posted tasks one at a time, and workers for blocking sensor fetches. {@link SystemSchedulerClock}
 * is the real one; {@link VirtualScheduler} runs hours of sampling in milliseconds, deterministically, for tests.
 */
public interface SchedulerClock extends AutoCloseable {
    /** Monotonic time in nanoseconds; only differences mean anything. */
    long nanoTime();

    /** The wall clock, which may be untrusted and may step (see {@link ClockTrust}). */
    Instant wallTime();

    /**
     * Runs {@code task} on the scheduler thread at monotonic time {@code atNanos}, or at once when that has passed.
     * Tasks due at the same time run in the order they were scheduled.
     */
    Timer schedule(long atNanos, Runnable task);

    /** Runs {@code task} on the scheduler thread as soon as it is free. Callable from any thread. */
    void execute(Runnable task);

    /** Where blocking work (opening and fetching sensors) runs, so that it never holds up the scheduler thread. */
    Executor workers();

    /** Stops both threads and the workers; interrupts work still running. Idempotent. */
    @Override
    void close();

    /** A scheduled task that has not run yet. */
    @FunctionalInterface
    interface Timer {
        /** Prevents the task from running if it has not started. Idempotent. */
        void cancel();
    }
}
