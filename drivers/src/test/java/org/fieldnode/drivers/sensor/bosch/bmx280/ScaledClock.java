// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.time.Duration;
import org.fieldnode.drivers.bus.Sleeper;

/** A chip's clock that runs at {@code rate} times the driver's: below 1 makes a slow chip. Never slept on. */
record ScaledClock(Sleeper base, double rate) implements Sleeper {
    @Override
    public void sleep(Duration duration) {
        throw new UnsupportedOperationException("a chip clock is only read");
    }

    @Override
    public long nanoTime() {
        return (long) (base.nanoTime() * rate);
    }
}
