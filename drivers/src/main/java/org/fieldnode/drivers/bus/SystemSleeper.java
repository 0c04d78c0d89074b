// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** {@link Sleeper} on the JVM's monotonic clock. */
enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
