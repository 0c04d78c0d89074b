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

    /**
     * Writes {@code data} in one transfer that starts at {@code register}: over I2C the register address, then every
     * byte, then a stop. Chips with 16-bit registers (ADS1115, INA219) need this, since each byte of a separate
     * {@link #write(int, int)} would go to the start of a new transfer.
     *
     * @throws UnsupportedOperationException when the implementation has no block writes (the default)
     */
    default void write(int register, byte[] data) throws DeviceException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no block writes");
    }

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
