// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

/**
 * The bus face of a simulated chip: what an I2C controller sees after the address byte was acknowledged. Called by
 * {@link SimulatedI2cBus} with its lock held, one transfer at a time. Register-map chips extend
 * {@link SimulatedRegisterDevice}, command chips {@link SimulatedCommandDevice}. A present chip that refuses a
 * transfer throws {@link TargetNack}.
 */
public interface SimulatedI2cTarget extends SimulatedDevice {
    /** A write transfer: register address, then {@code data} to consecutive registers. */
    void write(int register, byte[] data);

    /** A write of the register address followed by a repeated-start read of {@code into.length} registers. */
    void read(int register, byte[] into);

    /**
     * One raw write transaction: every byte after the address byte, as a command chip receives it. Targets that do
     * not model raw transfers throw {@link UnsupportedOperationException}.
     */
    default void rawWrite(byte[] data) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not model raw writes");
    }

    /**
     * One raw read transaction of {@code into.length} bytes. Targets that do not model raw transfers throw
     * {@link UnsupportedOperationException}.
     */
    default void rawRead(byte[] into) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not model raw reads");
    }
}
