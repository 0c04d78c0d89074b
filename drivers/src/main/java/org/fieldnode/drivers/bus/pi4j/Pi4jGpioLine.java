// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.GpioLine;
import org.tinylog.Logger;

/**
 * A {@link GpioLine} over a Pi4J {@link DigitalInput} or {@link DigitalOutput} (the {@code gpiod} provider on a
 * device). For an input, Pi4J's own listener thread calls us with every state change that survived its debounce;
 * we hand it on as an {@link EdgeEvent}: HIGH is a rising edge, LOW a falling one. Pi4J's event carries no kernel
 * timestamp, so the event is stamped with the monotonic clock when Pi4J delivers it, which lags the edge by the
 * debounce period plus scheduling. Closing shuts the Pi4J I/O down, which releases the line to the kernel.
 */
final class Pi4jGpioLine implements GpioLine {
    private final Digital<?, ?, ?> io;
    private final DigitalOutput output;
    private final int offset;
    private final String sensorId;
    private final String where;
    private final Runnable release;
    private final LongSupplier nanoTime;
    private final List<Consumer<EdgeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final DigitalStateChangeListener bridge = this::onStateChange;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Pi4jGpioLine(
            Digital<?, ?, ?> io,
            DigitalOutput output,
            int offset,
            String sensorId,
            String where,
            Runnable release,
            LongSupplier nanoTime) {
        this.io = Objects.requireNonNull(io, "io");
        this.output = output;
        this.offset = offset;
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        this.where = Objects.requireNonNull(where, "where");
        this.release = Objects.requireNonNull(release, "release");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    static Pi4jGpioLine input(
            DigitalInput input, int offset, String sensorId, String where, Runnable release, LongSupplier nanoTime) {
        Pi4jGpioLine line = new Pi4jGpioLine(input, null, offset, sensorId, where, release, nanoTime);
        input.addListener(line.bridge);
        return line;
    }

    static Pi4jGpioLine output(DigitalOutput output, int offset, String sensorId, String where, Runnable release) {
        return new Pi4jGpioLine(output, output, offset, sensorId, where, release, System::nanoTime);
    }

    private void onStateChange(DigitalStateChangeEvent<?> event) {
        long at = nanoTime.getAsLong();
        Edge edge;
        if (event.state() == DigitalState.HIGH) {
            edge = Edge.RISING;
        } else if (event.state() == DigitalState.LOW) {
            edge = Edge.FALLING;
        } else {
            return;
        }
        if (closed.get()) {
            return;
        }
        EdgeEvent edgeEvent = new EdgeEvent(edge, at);
        Logger.trace("{}: {} on {}", sensorId, edge, where);
        for (Consumer<EdgeEvent> listener : listeners) {
            listener.accept(edgeEvent);
        }
    }

    @Override
    public int offset() {
        return offset;
    }

    @Override
    public boolean isHigh() throws BusException {
        checkOpen();
        try {
            return io.state() == DigitalState.HIGH;
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, "read " + where, e);
        }
    }

    @Override
    public void setHigh(boolean high) throws BusException {
        checkOpen();
        if (output == null) {
            throw new IllegalStateException("%s: %s is an input".formatted(sensorId, where));
        }
        try {
            output.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, "drive %s %s".formatted(where, high ? "high" : "low"), e);
        }
    }

    @Override
    public void addListener(Consumer<EdgeEvent> listener) {
        checkOpen();
        if (output != null) {
            throw new IllegalStateException("%s: %s is an output".formatted(sensorId, where));
        }
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listeners.clear();
        try {
            io.removeListener(bridge);
        } catch (RuntimeException e) {
            Logger.debug("{}: removing the listener of {} failed: {}", sensorId, where, e.toString());
        }
        release.run();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("%s: GPIO handle %s used after close".formatted(sensorId, where));
        }
    }

    @Override
    public String toString() {
        return "GPIO %s of %s at %s".formatted(output == null ? "input" : "output", sensorId, where);
    }
}
