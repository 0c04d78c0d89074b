// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * A simulated GPIO chip (named by its label in the profile, e.g. {@code pinctrl-bcm2711}). Lines exist whether or
 * not something is {@link #attach attached}; an unattached line idles high on its pull-up. A line can be opened
 * by one handle at a time, as the kernel's character device enforces (EBUSY). Input handles debounce: an edge
 * sooner than the debounce period after the previous accepted edge, or in the same direction, is dropped.
 */
public final class SimulatedGpioChip {
    public static final int LINES = 64;

    private final String name;
    private final Sleeper clock;
    private final Map<Integer, SimulatedGpioLine> lines = new HashMap<>();
    private final Map<Integer, Handle> openHandles = new HashMap<>();

    public SimulatedGpioChip(String name, Sleeper clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    /** @throws IllegalArgumentException for an offset outside 0..63 or one already attached */
    public synchronized void attach(int offset, SimulatedGpioLine line) {
        checkOffset(offset);
        if (lines.containsKey(offset)) {
            throw new IllegalArgumentException("%s: line %d is already wired".formatted(name, offset));
        }
        lines.put(offset, Objects.requireNonNull(line, "line"));
    }

    /** The line at {@code offset}, made idle when nothing was attached. */
    public synchronized SimulatedGpioLine line(int offset) {
        checkOffset(offset);
        return lines.computeIfAbsent(offset, o -> new SimulatedGpioLine(clock));
    }

    public synchronized GpioLine openInput(int offset, Duration debounce, String sensorId) throws BusException {
        return open(offset, sensorId, false, Objects.requireNonNull(debounce, "debounce"));
    }

    public synchronized GpioLine openOutput(int offset, boolean initialHigh, String sensorId) throws BusException {
        Handle handle = open(offset, sensorId, true, Duration.ZERO);
        line(offset).setLevel(initialHigh);
        return handle;
    }

    private Handle open(int offset, String sensorId, boolean output, Duration debounce) throws BusException {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative, got " + debounce);
        }
        SimulatedGpioLine line = line(offset);
        Handle holder = openHandles.get(offset);
        if (holder != null) {
            throw new BusException(
                    sensorId, "%s line %d is busy: held by %s".formatted(name, offset, holder.sensorId), false);
        }
        Handle handle = new Handle(offset, line, sensorId, output, debounce);
        openHandles.put(offset, handle);
        return handle;
    }

    public synchronized int openHandleCount() {
        return openHandles.size();
    }

    /** @throws AssertionError when a handle is still open */
    public synchronized void assertNoOpenHandles() {
        if (!openHandles.isEmpty()) {
            throw new AssertionError("%s: line(s) %s left open".formatted(name, openHandles.keySet()));
        }
    }

    synchronized void closeAll() {
        for (Handle handle : new ArrayList<>(openHandles.values())) {
            handle.close();
        }
    }

    private static void checkOffset(int offset) {
        if (offset < 0 || offset >= LINES) {
            throw new IllegalArgumentException("GPIO line offset must be 0..%d, got %d".formatted(LINES - 1, offset));
        }
    }

    private final class Handle implements GpioLine {
        private final int offset;
        private final SimulatedGpioLine line;
        private final String sensorId;
        private final boolean output;
        private final long debounceNanos;
        private final List<Consumer<EdgeEvent>> listeners = new CopyOnWriteArrayList<>();
        private final Consumer<EdgeEvent> sink = this::raw;
        private Edge lastEdge;
        private long lastAccepted;
        private boolean anyAccepted;
        private volatile boolean closed;

        Handle(int offset, SimulatedGpioLine line, String sensorId, boolean output, Duration debounce) {
            this.offset = offset;
            this.line = line;
            this.sensorId = sensorId;
            this.output = output;
            this.debounceNanos = debounce.toNanos();
            this.lastEdge = line.isHigh() ? Edge.RISING : Edge.FALLING;
            if (!output) {
                line.subscribe(sink);
            }
        }

        private void raw(EdgeEvent event) {
            if (closed || event.edge() == lastEdge) {
                return;
            }
            if (anyAccepted && event.monotonicNanos() - lastAccepted < debounceNanos) {
                return;
            }
            anyAccepted = true;
            lastEdge = event.edge();
            lastAccepted = event.monotonicNanos();
            for (Consumer<EdgeEvent> listener : listeners) {
                listener.accept(event);
            }
        }

        @Override
        public int offset() {
            return offset;
        }

        @Override
        public boolean isHigh() {
            checkOpen();
            return line.isHigh();
        }

        @Override
        public void setHigh(boolean high) {
            checkOpen();
            if (!output) {
                throw new IllegalStateException("%s line %d is an input".formatted(name, offset));
            }
            line.setLevel(high);
        }

        @Override
        public void addListener(Consumer<EdgeEvent> listener) {
            checkOpen();
            if (output) {
                throw new IllegalStateException("%s line %d is an output".formatted(name, offset));
            }
            listeners.add(Objects.requireNonNull(listener, "listener"));
        }

        @Override
        public void flushEvents() {
            checkOpen();
            line.catchUp();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            line.unsubscribe(sink);
            synchronized (SimulatedGpioChip.this) {
                openHandles.remove(offset, this);
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("%s: GPIO handle used after close".formatted(sensorId));
            }
        }
    }
}
