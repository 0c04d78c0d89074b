// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwProtocol.*;

import java.time.Duration;
import org.fieldnode.drivers.bus.Sleeper;

/**
 * Frame-level model of a DFRobot A02YYUW in UART auto-output mode: a 4-byte frame every
 * {@value #PERIOD_MILLIS} ms from power-up. The sensor takes no commands on its TX line (its RX pin only selects
 * the output mode), so any byte the driver writes is a violation. Backend face: {@link #setDistanceMillimetres},
 * which may lie outside the measuring range to model a lost echo.
 */
public final class SimulatedA02yyuw extends SimulatedSerialDevice {
    static final long PERIOD_MILLIS = 100;
    private static final long PERIOD_NANOS = Duration.ofMillis(PERIOD_MILLIS).toNanos();

    private int millimetres = 1234;
    private long nextFrameAt;

    public SimulatedA02yyuw(Sleeper clock) {
        super(clock, SERIAL);
        onPowerUp(now());
    }

    public synchronized void setDistanceMillimetres(int millimetres) {
        if (millimetres < 0 || millimetres > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit distance: " + millimetres);
        }
        this.millimetres = millimetres;
    }

    /** The frame the sensor sends now. */
    public synchronized byte[] frame() {
        int high = millimetres >> 8;
        int low = millimetres & 0xFF;
        return new byte[] {(byte) HEADER, (byte) high, (byte) low, (byte) ((HEADER + high + low) & 0xFF)};
    }

    @Override
    protected synchronized void onPowerUp(long nowNanos) {
        nextFrameAt = nowNanos + PERIOD_NANOS;
    }

    @Override
    protected synchronized void onTime(long nowNanos) {
        int sent = 0;
        while (nowNanos - nextFrameAt >= 0) {
            if (sent++ < 16) {
                transmitFrame(frame(), 3);
            }
            nextFrameAt += PERIOD_NANOS;
        }
    }

    @Override
    protected void onReceive(int value) {
        violation("byte 0x%02X written to an A02YYUW, which takes no commands", value);
    }
}
