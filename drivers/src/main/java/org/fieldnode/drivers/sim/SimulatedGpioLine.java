// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.fieldnode.drivers.bus.GpioLine.Edge;
import org.fieldnode.drivers.bus.GpioLine.EdgeEvent;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * What is wired to one GPIO line: a reed switch or hall sensor closing to ground against the pull-up (idle high),
 * which produces pulses. The backend face makes raw edges, bounce included, that open input handles debounce:
 *
 * <ul>
 *   <li>{@link #pulses(int, Duration)}: {@code n} pulses (falling then rising edge) of {@code period}, starting now;
 *   <li>{@link #setBounce}: each edge followed by contact chatter of extra edges within a short spread;
 *   <li>{@link #setRate}: a steady pulse rate in Hz, generated up to the clock's now whenever a handle flushes;
 *   <li>{@link #disconnect()}/{@link #reconnect()}: a cut wire, no edges at all.
 * </ul>
 */
public final class SimulatedGpioLine implements SimulatedDevice {
    private final Sleeper clock;
    private final List<Consumer<EdgeEvent>> sinks = new ArrayList<>();
    private boolean high = true;
    private boolean connected = true;
    private int bounceEdges;
    private Duration bounceSpread = Duration.ofMillis(1);
    private double rateHz;
    private long rateFrom;
    private double ratePhase;
    private long lastEdgeAt = Long.MIN_VALUE;

    public SimulatedGpioLine(Sleeper clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized boolean isHigh() {
        return high;
    }

    /** Every later edge is followed by {@code extraEdges} (an even number) of chatter within {@code spread}. */
    public synchronized void setBounce(int extraEdges, Duration spread) {
        if (extraEdges < 0 || extraEdges % 2 != 0) {
            throw new IllegalArgumentException("bounce must add an even number of edges, got " + extraEdges);
        }
        this.bounceEdges = extraEdges;
        this.bounceSpread = Objects.requireNonNull(spread, "spread");
    }

    /** A steady pulse rate from now on; 0 stops it. */
    public synchronized void setRate(double hz) {
        if (!(hz >= 0) || hz > 10_000) {
            throw new IllegalArgumentException("rate must be 0..10000 Hz, got " + hz);
        }
        catchUp();
        rateHz = hz;
        rateFrom = clock.nanoTime();
        ratePhase = 0;
    }

    public synchronized void disconnect() {
        connected = false;
    }

    public synchronized void reconnect() {
        connected = true;
    }

    /** Drives the line to {@code level} now, e.g. from an output handle. */
    public synchronized void setLevel(boolean level) {
        if (level != high) {
            emit(level ? Edge.RISING : Edge.FALLING, clock.nanoTime(), false);
        }
    }

    /**
     * {@code n} pulses of {@code period} each (low for the first half), timestamped from now on, or right after
     * the last edge made so far when that lies ahead of the clock: time on a line never runs backwards.
     */
    public synchronized void pulses(int n, Duration period) {
        long now = clock.nanoTime();
        long t = lastEdgeAt != Long.MIN_VALUE && lastEdgeAt - now > 0 ? lastEdgeAt + period.toNanos() / 2 : now;
        long half = period.toNanos() / 2;
        for (int i = 0; i < n; i++) {
            emit(Edge.FALLING, t, true);
            emit(Edge.RISING, t + half, true);
            t += period.toNanos();
        }
    }

    synchronized void subscribe(Consumer<EdgeEvent> sink) {
        sinks.add(sink);
    }

    synchronized void unsubscribe(Consumer<EdgeEvent> sink) {
        sinks.remove(sink);
    }

    /** Generates the rate's pulses up to now. */
    synchronized void catchUp() {
        if (rateHz <= 0) {
            return;
        }
        long now = clock.nanoTime();
        double pulsesDue = (now - rateFrom) / 1e9 * rateHz - ratePhase;
        long whole = (long) Math.floor(pulsesDue);
        if (whole <= 0) {
            return;
        }
        long periodNanos = (long) (1e9 / rateHz);
        long t = rateFrom + (long) (ratePhase * periodNanos);
        for (long i = 0; i < whole; i++) {
            emit(Edge.FALLING, t, true);
            emit(Edge.RISING, t + periodNanos / 2, true);
            t += periodNanos;
        }
        ratePhase += whole;
    }

    private void emit(Edge edge, long at, boolean bounce) {
        if (!connected) {
            return;
        }
        high = edge == Edge.RISING;
        lastEdgeAt = at;
        deliver(new EdgeEvent(edge, at));
        if (bounce && bounceEdges > 0) {
            long step = bounceSpread.toNanos() / (bounceEdges + 1);
            Edge back = edge == Edge.RISING ? Edge.FALLING : Edge.RISING;
            for (int i = 1; i <= bounceEdges; i++) {
                deliver(new EdgeEvent(i % 2 == 1 ? back : edge, at + i * step));
            }
        }
    }

    private void deliver(EdgeEvent event) {
        for (Consumer<EdgeEvent> sink : List.copyOf(sinks)) {
            sink.accept(event);
        }
    }
}
