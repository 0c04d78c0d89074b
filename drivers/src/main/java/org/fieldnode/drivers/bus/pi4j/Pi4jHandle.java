// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.util.Objects;
import java.util.function.IntSupplier;
import org.fieldnode.drivers.api.BusException;
import org.tinylog.Logger;

/**
 * What the Pi4J I2C and SPI handles share: one Pi4J transfer at a time with its failures mapped to a
 * {@link BusException} (thrown ones through {@link LinuxBusError}; each subclass judges the returned count), argument
 * checks, use after close refused, and a close that gives the device back once and never throws. Subclasses
 * synchronise their transfers on the handle.
 */
abstract class Pi4jHandle implements AutoCloseable {
    protected final String sensorId;
    protected final String where;
    private final String kind;
    private final Runnable release;
    private boolean closed;

    /**
     * @param kind what the handle is, for messages: {@code I2C device}, {@code SPI device}
     * @param where the device for messages, e.g. {@code 0x76 on i2c1 (/dev/i2c-1)}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jHandle(String kind, String sensorId, String where, Runnable release) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        this.where = Objects.requireNonNull(where, "where");
        this.release = Objects.requireNonNull(release, "release");
    }

    /**
     * Runs one Pi4J call and returns the count it returned; a {@link RuntimeException} it throws becomes a
     * {@link BusException} by errno ({@link LinuxBusError#toBusException}).
     *
     * @param what the transfer and where, for messages, e.g. {@code read of register 0xD0 at 0x76 on i2c1}
     */
    final int transfer(String what, IntSupplier pi4jCall) throws BusException {
        try {
            return pi4jCall.getAsInt();
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, what, e);
        }
    }

    /**
     * @param name the handle as the message names it, e.g. {@code register bus}
     * @throws IllegalStateException after {@link #close()}
     */
    final void checkOpen(String name) {
        if (closed) {
            throw new IllegalStateException("%s: %s at %s used after close".formatted(sensorId, name, where));
        }
    }

    /** As {@link #checkOpen}, for a register bus, and checks that {@code register} is 0..0xFF. */
    final void checkRegister(int register) {
        checkOpen("register bus");
        if (register < 0 || register > 0xFF) {
            throw new IllegalArgumentException("register out of range: " + register);
        }
    }

    static void checkByte(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
    }

    /** Gives the device back, once. Never throws: a failure to release is logged. */
    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            release.run();
        } catch (RuntimeException e) {
            Logger.warn(e, "{}: releasing the {} at {} failed", sensorId, kind, where);
        }
    }
}
