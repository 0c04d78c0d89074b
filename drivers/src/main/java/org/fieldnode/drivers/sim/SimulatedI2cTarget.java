// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/**
 * The bus face of a simulated register-map chip: what an I2C controller sees after the address byte was
 * acknowledged. Called by {@link SimulatedI2cBus} with its lock held, one transfer at a time.
 */
public interface SimulatedI2cTarget extends SimulatedDevice {
    /** A write transfer: register address, then {@code data} to consecutive registers. */
    void write(int register, byte[] data);

    /** A write of the register address followed by a repeated-start read of {@code into.length} registers. */
    void read(int register, byte[] into);
}
