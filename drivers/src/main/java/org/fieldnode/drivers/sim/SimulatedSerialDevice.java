// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * A frame-level model of a chip on a serial line. The chip hears the bytes the driver writes
 * ({@link #onReceive}), lets time pass ({@link #onTime}) and queues the bytes it sends back with
 * {@link #transmitFrame} or {@link #transmit}; the {@link SimulatedUart} hands those to the driver.
 *
 * <p>Fault injection ({@link #failNext}) applies to data frames sent with {@link #transmitFrame}, not to command
 * acknowledgements. {@link #disconnect()} makes the chip deaf and mute (an unplugged cable); {@link #reconnect()}
 * powers it up again, as plugging it back in does. {@link #injectBytes} puts raw bytes on the line, e.g. the tail
 * of a frame so that the driver starts mid-frame, or line noise.
 *
 * <p>All methods synchronise on the device.
 */
public abstract class SimulatedSerialDevice implements SimulatedDevice {
    private final Sleeper clock;
    private final UartSettings expectedSettings;
    private final Deque<Byte> outgoing = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private final FaultQueue faults = new FaultQueue();
    private byte[] lastFrame;
    private byte[] beforeNextFrame = new byte[0];
    private boolean connected = true;

    protected SimulatedSerialDevice(Sleeper clock, UartSettings expectedSettings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expectedSettings = Objects.requireNonNull(expectedSettings, "expectedSettings");
    }

    /** A byte the driver sent. */
    protected abstract void onReceive(int value);

    /** Time has moved to {@code nowNanos}; a streaming chip sends the frames that became due. */
    protected void onTime(long nowNanos) {}

    /** The chip powers up (construction and {@link #reconnect()}). */
    protected void onPowerUp(long nowNanos) {}

    /** The time base the chip runs on. */
    protected final long now() {
        return clock.nanoTime();
    }

    /**
     * Sends a data frame, subject to the next scheduled fault.
     *
     * @param checksumAt index of a checksum byte that {@link LineFault#CRC_ERROR} corrupts
     */
    protected final synchronized void transmitFrame(byte[] frame, int checksumAt) {
        LineFault fault = faults.next();
        byte[] sent = frame.clone();
        if (fault != null) {
            switch (fault) {
                case TIMEOUT -> sent = new byte[0];
                case CRC_ERROR -> sent[checksumAt] ^= 0x5A;
                case SHORT_READ -> sent = Arrays.copyOf(frame, frame.length / 2);
                case STUCK_VALUE -> sent = lastFrame == null ? sent : lastFrame.clone();
            }
        }
        if (fault != LineFault.STUCK_VALUE) {
            lastFrame = frame.clone();
        }
        transmit(beforeNextFrame);
        beforeNextFrame = new byte[0];
        transmit(sent);
    }

    /** Sends bytes as they are, without faults (acknowledgements). */
    protected final synchronized void transmit(byte[] bytes) {
        if (!connected) {
            return;
        }
        for (byte b : bytes) {
            outgoing.add(b);
        }
    }

    /** Records a datasheet rule the driver broke. */
    protected final synchronized void violation(String format, Object... args) {
        violations.add(format.formatted(args));
    }

    @Override
    public final synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Puts raw bytes on the line ahead of whatever the chip sends next. */
    public final synchronized void injectBytes(byte[] bytes) {
        for (byte b : bytes) {
            outgoing.add(b);
        }
    }

    /**
     * Sends {@code bytes} right before the next data frame, after any drain by the driver: noise or the tail of
     * an earlier frame that the driver must resync past.
     */
    public final synchronized void injectBeforeNextFrame(byte[] bytes) {
        beforeNextFrame = bytes.clone();
    }

    /** The next {@code frames} data frames suffer {@code fault}. */
    public final synchronized void failNext(int frames, LineFault fault) {
        faults.schedule(frames, fault);
    }

    /** Drops the faults scheduled and not yet suffered: the line is good again. */
    public final synchronized void clearFaults() {
        faults.clear();
    }

    /** The chip loses power and the line goes quiet; what it had queued is lost. */
    public final synchronized void disconnect() {
        connected = false;
        outgoing.clear();
    }

    /** Power and line are back: the chip starts as after power-up. */
    public final synchronized void reconnect() {
        connected = true;
        onPowerUp(now());
    }

    public final synchronized boolean isConnected() {
        return connected;
    }

    /** The framing the datasheet prescribes, e.g. 9600 8N1. */
    public final UartSettings expectedSettings() {
        return expectedSettings;
    }

    final synchronized void configured(UartSettings settings) {
        if (!expectedSettings.equals(settings)) {
            violation("port set to %s, the chip talks %s", settings, expectedSettings);
        }
    }

    final synchronized void receive(byte[] bytes) {
        if (!connected) {
            return;
        }
        for (byte b : bytes) {
            onReceive(b & 0xFF);
        }
    }

    /** Moves the chip to the current time and takes up to {@code into.length} of its queued bytes. */
    final synchronized int take(byte[] into) {
        if (connected) {
            onTime(now());
        }
        int n = 0;
        while (n < into.length && !outgoing.isEmpty()) {
            into[n++] = outgoing.poll();
        }
        return n;
    }

    final synchronized void discardQueued() {
        if (connected) {
            onTime(now());
        }
        outgoing.clear();
    }
}
