// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import org.fieldnode.drivers.api.DeviceException;

/**
 * Access to an 8-bit register map, the shape of most I2C and SPI sensor chips. Over I2C a read writes the
 * register address and reads with a repeated start; consecutive registers auto-increment.
 */
public interface RegisterBus extends AutoCloseable {
    /** Reads {@code into.length} consecutive registers starting at {@code register}. */
    void read(int register, byte[] into) throws DeviceException;

    /** Writes one register. */
    void write(int register, int value) throws DeviceException;

    /** Reads one register as an unsigned value 0..255. */
    default int readByte(int register) throws DeviceException {
        byte[] one = new byte[1];
        read(register, one);
        return one[0] & 0xFF;
    }

    /** Releases the handle. Idempotent; never throws. */
    @Override
    void close();
}
