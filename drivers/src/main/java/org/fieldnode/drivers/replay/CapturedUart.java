// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.time.Duration;
import java.util.Objects;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * A serial port that plays a captured byte stream. Every {@link #drainInput()} rewinds to the start of the capture,
 * so each query a driver makes (drain, command, read) hears the whole capture, as the sensor would answer it again;
 * commands are accepted and ignored. Once the capture is played out, a read waits its whole timeout on the
 * {@link Sleeper} and returns nothing, so a capture without a complete frame ends in the driver's own
 * "no complete frame" or "checksum mismatch" error.
 */
final class CapturedUart implements UartPort {
    private final byte[] capture;
    private final Sleeper clock;
    private int position;
    private boolean closed;

    CapturedUart(byte[] capture, Sleeper clock) {
        this.capture = capture.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void configure(UartSettings settings) {
        checkOpen();
    }

    @Override
    public void write(byte[] data) {
        checkOpen();
    }

    @Override
    public int read(byte[] into, Duration timeout) {
        checkOpen();
        if (position >= capture.length || into.length == 0) {
            clock.sleep(timeout);
            return 0;
        }
        int n = Math.min(into.length, capture.length - position);
        System.arraycopy(capture, position, into, 0, n);
        position += n;
        return n;
    }

    @Override
    public void drainInput() {
        checkOpen();
        position = 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("replay UART used after close");
        }
    }
}
