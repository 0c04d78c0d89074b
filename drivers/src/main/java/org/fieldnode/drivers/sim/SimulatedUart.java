// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.time.Duration;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.UartPort;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * A simulated serial port with one {@link SimulatedSerialDevice} wired to it. A {@link UartPort#read} with nothing
 * to read waits in steps of {@value #POLL_MILLIS} ms on the shared {@link Sleeper}, so that a streaming chip's
 * frames become due in virtual time. A port used before {@link UartPort#configure} records a violation on the
 * chip, as a port left at the wrong baud rate reads garbage. Handles are counted like {@link SimulatedI2cBus}'s.
 */
public final class SimulatedUart {
    static final int POLL_MILLIS = 10;

    private final String name;
    private final SimulatedSerialDevice device;
    private final Sleeper clock;
    private final OpenHandles<Handle> openHandles;

    public SimulatedUart(String name, SimulatedSerialDevice device, Sleeper clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.device = Objects.requireNonNull(device, "device");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openHandles = new OpenHandles<>(name);
    }

    public String name() {
        return name;
    }

    public SimulatedSerialDevice device() {
        return device;
    }

    /** A port handle, as a driver gets it from a bus provider. */
    public synchronized UartPort open(String sensorId) {
        return openHandles.add(new Handle(Objects.requireNonNull(sensorId, "sensorId")));
    }

    public synchronized int openHandleCount() {
        return openHandles.count();
    }

    /** @throws AssertionError when a handle is still open */
    public synchronized void assertNoOpenHandles() {
        openHandles.assertNone();
    }

    synchronized void closeAll() {
        for (Handle handle : openHandles.all()) {
            handle.close();
        }
    }

    private synchronized void closed(Handle handle) {
        openHandles.remove(handle);
    }

    private final class Handle implements UartPort {
        private final String sensorId;
        private volatile boolean configured;
        private volatile boolean closed;

        Handle(String sensorId) {
            this.sensorId = sensorId;
        }

        @Override
        public void configure(UartSettings settings) {
            checkOpen();
            device.configured(Objects.requireNonNull(settings, "settings"));
            configured = true;
        }

        @Override
        public void write(byte[] data) {
            checkConfigured("write");
            device.receive(data.clone());
        }

        @Override
        public int read(byte[] into, Duration timeout) throws BusException {
            checkConfigured("read");
            long deadline = clock.nanoTime() + timeout.toNanos();
            while (true) {
                int n = device.take(into);
                if (n > 0) {
                    return n;
                }
                long left = deadline - clock.nanoTime();
                if (left <= 0 || into.length == 0) {
                    return 0;
                }
                clock.sleep(Duration.ofNanos(
                        Math.min(left, Duration.ofMillis(POLL_MILLIS).toNanos())));
            }
        }

        @Override
        public void drainInput() {
            checkConfigured("drain");
            device.discardQueued();
        }

        @Override
        public void close() {
            closed = true;
            closed(this);
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException(this + " used after close");
            }
        }

        private void checkConfigured(String what) {
            checkOpen();
            if (!configured) {
                device.violation("%s on %s before the port was configured", what, name);
                configured = true;
            }
        }

        @Override
        public String toString() {
            return "UART handle of %s on %s".formatted(sensorId, name);
        }
    }
}
