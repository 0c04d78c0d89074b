// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus;

import org.fieldnode.drivers.api.DeviceException;

/**
 * Raw I2C access to one device, the shape of command-based chips (Sensirion SHT3x/SHT4x/SCD4x, ROHM BH1750) that
 * have no register map. Each call is one I2C transaction: START, address, the bytes, STOP. There is no repeated
 * start between a write and a following read; chips of this kind want a pause there anyway.
 */
public interface I2cDevice extends AutoCloseable {
    /**
     * Writes {@code data} in one transaction, e.g. a command and its arguments.
     *
     * @throws org.fieldnode.drivers.api.BusException when the device or one of the bytes is not acknowledged
     */
    void write(byte[] data) throws DeviceException;

    /**
     * Reads {@code into.length} bytes in one transaction.
     *
     * @throws org.fieldnode.drivers.api.BusException when the device does not acknowledge the read (for many
     *     command chips: still busy) or fewer bytes arrive
     */
    void read(byte[] into) throws DeviceException;

    /** Releases the handle. Idempotent; never throws. */
    @Override
    void close();
}
