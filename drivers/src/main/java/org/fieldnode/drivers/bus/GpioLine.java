// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import java.util.function.Consumer;
import org.fieldnode.drivers.api.DeviceException;

/**
 * One GPIO line, opened as an input (with debounced edge events) or as an output. An input delivers an
 * {@link EdgeEvent} for every level change that survived the debounce period given at open time; listeners run
 * on a thread of the implementation, so they must be quick and thread-safe.
 */
public interface GpioLine extends AutoCloseable {
    /** The direction of a level change. */
    enum Edge {
        RISING,
        FALLING
    }

    /**
     * The line's bias, set when an input is opened: {@code PULL_UP} for a switch closing to ground (a reed switch in
     * a rain gauge or anemometer), {@code PULL_DOWN} for one closing to 3.3 V, {@code NONE} when the sensor drives
     * the line or the board has its own resistor.
     */
    enum Pull {
        NONE,
        PULL_UP,
        PULL_DOWN
    }

    /** A debounced level change and when it happened on the {@link Sleeper#nanoTime()} clock. */
    record EdgeEvent(Edge edge, long monotonicNanos) {}

    /** The line offset on its chip. */
    int offset();

    /** The current level: true when high. */
    boolean isHigh() throws DeviceException;

    /**
     * Drives an output line.
     *
     * @throws IllegalStateException when the line was opened as an input
     */
    void setHigh(boolean high) throws DeviceException;

    /**
     * Calls {@code listener} for every debounced edge from now on.
     *
     * @throws IllegalStateException when the line was opened as an output
     */
    void addListener(Consumer<EdgeEvent> listener);

    /**
     * Delivers to the listeners every edge detected up to now before returning, so that a count taken right after
     * is complete. Implementations that deliver on their own thread as edges happen may do nothing.
     */
    default void flushEvents() {}

    /** Releases the line and stops events. Idempotent; never throws. */
    @Override
    void close();
}
