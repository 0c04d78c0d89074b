// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.time.Duration;

/**
 * The only way drivers wait: injected, so that tests run in virtual time. Drivers poll with deadlines computed
 * from {@link #nanoTime()} and never block the thread by other means.
 */
public interface Sleeper {
    /** Waits at least {@code duration}. An interrupt ends the wait early and keeps the interrupt flag set. */
    void sleep(Duration duration);

    /** A monotonic clock in nanoseconds, the same one {@link #sleep} advances. */
    long nanoTime();

    /** The real clock. */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}
