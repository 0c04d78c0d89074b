// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import com.pi4j.io.i2c.I2C;
import java.util.HexFormat;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.tinylog.Logger;

/**
 * {@link I2cDevice} over a Pi4J {@link I2C} device: each write and each read is one plain I2C transfer, as
 * command-based chips expect. Failures, thrown or returned as negative or short counts, become a {@link
 * BusException} (see {@link LinuxBusError}). Thread-safe; close is idempotent and never throws.
 */
final class Pi4jI2cDevice extends Pi4jHandle implements I2cDevice {
    private final I2C device;

    /**
     * @param where the device for messages, e.g. {@code 0x44 on i2c1 (/dev/i2c-1)}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jI2cDevice(I2C device, String sensorId, String where, Runnable release) {
        super("I2C device", sensorId, where, release);
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public synchronized void write(byte[] data) throws BusException {
        checkOpen("I2C device");
        String what = "write of %d byte(s) to %s".formatted(data.length, where);
        check(what, transfer(what, () -> device.write(data, 0, data.length)), data.length);
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(data));
        }
    }

    @Override
    public synchronized void read(byte[] into) throws BusException {
        checkOpen("I2C device");
        String what = "read of %d byte(s) from %s".formatted(into.length, where);
        check(what, transfer(what, () -> device.read(into, 0, into.length)), into.length);
        if (Logger.isTraceEnabled()) {
            Logger.trace("{} {}: {}", sensorId, what, HexFormat.ofDelimiter(" ").formatHex(into));
        }
    }

    private void check(String what, int count, int expected) throws BusException {
        if (count < 0) {
            throw new BusException(sensorId, what + ": Pi4J returned " + count, true);
        }
        if (count != expected) {
            throw new BusException(sensorId, "%s: transferred %d of %d bytes".formatted(what, count, expected), true);
        }
    }

    @Override
    public String toString() {
        return "I2C device of %s at %s".formatted(sensorId, where);
    }
}
