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
final class Pi4jRegisterBus extends Pi4jHandle implements RegisterBus {
    private final I2C device;

    /**
     * @param where the device for messages, e.g. {@code 0x76 on i2c1}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jRegisterBus(I2C device, String sensorId, String where, Runnable release) {
        super("I2C device", sensorId, where, release);
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public synchronized void read(int register, byte[] into) throws BusException {
        checkRegister(register);
        String what = "read of register 0x%02X at %s".formatted(register, where);
        int count = transfer(what, () -> device.readRegister(register, into, 0, into.length));
        checkCount(what, count);
        if (count != into.length) {
            throw new BusException(sensorId, "%s: got %d of %d bytes".formatted(what, count, into.length), true);
        }
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(into));
        }
    }

    @Override
    public synchronized void write(int register, int value) throws BusException {
        checkRegister(register);
        checkByte(value);
        String what = "write of 0x%02X to register 0x%02X at %s".formatted(value, register, where);
        checkCount(what, transfer(what, () -> device.writeRegister(register, (byte) value)));
        Logger.trace("{} {}", sensorId, what);
    }

    /** One transfer: the register address, then every byte (16-bit registers of the ADS1115 and INA219). */
    @Override
    public synchronized void write(int register, byte[] data) throws BusException {
        checkRegister(register);
        String what = "write of %d byte(s) from register 0x%02X at %s".formatted(data.length, register, where);
        checkCount(what, transfer(what, () -> device.writeRegister(register, data, 0, data.length)));
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(data));
        }
    }

    /** A negative count is Pi4J's way of reporting a failed ioctl without throwing; retrying may help. */
    private void checkCount(String what, int count) throws BusException {
        if (count < 0) {
            throw new BusException(sensorId, what + ": Pi4J returned " + count, true);
        }
    }

    @Override
    public String toString() {
        return "I2C registers of %s at %s".formatted(sensorId, where);
    }
}
