// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import com.pi4j.io.i2c.I2C;
import java.util.HexFormat;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.tinylog.Logger;

/**
 * {@link RegisterBus} over a Pi4J {@link I2C} device. A read is Pi4J's register read: one {@code I2C_RDWR} ioctl
 * that writes the register address and reads with a repeated start, so no other master can slip in between. A
 * write sends the register address and the value in one transfer.
 *
 * <p>Pi4J reports failures both by throwing and by returning a negative or short count; both become a
 * {@link BusException} (see {@link LinuxBusError}). Thread-safe; close is idempotent and never throws.
 */
final class Pi4jRegisterBus implements RegisterBus {
    private final I2C device;
    private final String sensorId;
    private final String where;
    private final Runnable release;
    private boolean closed;

    /**
     * @param where the device for messages, e.g. {@code 0x76 on i2c1}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jRegisterBus(I2C device, String sensorId, String where, Runnable release) {
        this.device = Objects.requireNonNull(device, "device");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        this.where = Objects.requireNonNull(where, "where");
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public synchronized void read(int register, byte[] into) throws BusException {
        checkUsable(register);
        String what = "read of register 0x%02X at %s".formatted(register, where);
        int count;
        try {
            count = device.readRegister(register, into, 0, into.length);
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, what, e);
        }
        if (count < 0) {
            throw new BusException(sensorId, what + ": Pi4J returned " + count, true);
        }
        if (count != into.length) {
            throw new BusException(sensorId, "%s: got %d of %d bytes".formatted(what, count, into.length), true);
        }
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(into));
        }
    }

    @Override
    public synchronized void write(int register, int value) throws BusException {
        checkUsable(register);
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        String what = "write of 0x%02X to register 0x%02X at %s".formatted(value, register, where);
        int count;
        try {
            count = device.writeRegister(register, (byte) value);
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, what, e);
        }
        if (count < 0) {
            throw new BusException(sensorId, what + ": Pi4J returned " + count, true);
        }
        Logger.trace("{} {}", sensorId, what);
    }

    /** One transfer: the register address, then every byte (16-bit registers of the ADS1115 and INA219). */
    @Override
    public synchronized void write(int register, byte[] data) throws BusException {
        checkUsable(register);
        String what = "write of %d byte(s) from register 0x%02X at %s".formatted(data.length, register, where);
        int count;
        try {
            count = device.writeRegister(register, data, 0, data.length);
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, what, e);
        }
        if (count < 0) {
            throw new BusException(sensorId, what + ": Pi4J returned " + count, true);
        }
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(data));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            release.run();
        } catch (RuntimeException e) {
            Logger.warn(e, "{}: releasing the I2C device at {} failed", sensorId, where);
        }
    }

    private void checkUsable(int register) {
        if (closed) {
            throw new IllegalStateException("%s: register bus at %s used after close".formatted(sensorId, where));
        }
        if (register < 0 || register > 0xFF) {
            throw new IllegalArgumentException("register out of range: " + register);
        }
    }

    @Override
    public String toString() {
        return "I2C registers of %s at %s".formatted(sensorId, where);
    }
}
