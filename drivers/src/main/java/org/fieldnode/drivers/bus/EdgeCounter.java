// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the debounced edges of one direction on an input {@link GpioLine}, e.g. the falling edges of a reed switch
 * that closes to ground once per bucket tip or anemometer turn. Thread-safe; the count starts at 0 and only grows.
 * Owns the line: {@link #close()} closes it.
 */
public final class EdgeCounter implements AutoCloseable {
    private final GpioLine line;
    private final AtomicLong count = new AtomicLong();

    public EdgeCounter(GpioLine line, GpioLine.Edge counted) {
        this.line = Objects.requireNonNull(line, "line");
        Objects.requireNonNull(counted, "counted");
        line.addListener(event -> {
            if (event.edge() == counted) {
                count.incrementAndGet();
            }
        });
    }

    /** Edges counted since this counter was made, after the line delivered what it had detected. */
    public long count() {
        line.flushEvents();
        return count.get();
    }

    @Override
    public void close() {
        line.close();
    }
}
