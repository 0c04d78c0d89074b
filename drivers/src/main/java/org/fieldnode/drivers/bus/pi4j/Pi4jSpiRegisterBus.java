// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.util.HexFormat;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.SpiRegisterFrames;
import org.tinylog.Logger;

/**
 * {@link RegisterBus} over a Pi4J SPI device, framed as {@link SpiRegisterFrames} describes (control byte with the RW
 * flag in bit 7, then data), so that one driver class runs over I2C or SPI.
 *
 * <p>Pi4J's SPI transfer returns a negative count on failure (and logs the errno) instead of throwing; both become a
 * {@link BusException}. SPI has no acknowledge: an absent chip reads as 0x00 or 0xFF, which the driver's identity
 * probe turns into a {@code DeviceNotFoundException}. Thread-safe; close is idempotent and never throws.
 */
final class Pi4jSpiRegisterBus extends Pi4jHandle implements RegisterBus {
    /** One full-duplex SPI transaction with chip select held low: Pi4J's {@code Spi.transfer(tx, rx)}. */
    @FunctionalInterface
    interface Transfer {
        /** @return the number of bytes exchanged, negative on failure */
        int exchange(byte[] tx, byte[] rx);
    }

    private final Transfer transfer;

    /**
     * @param where the device for messages, e.g. {@code spi0 (/dev/spidev0.0)}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jSpiRegisterBus(Transfer transfer, String sensorId, String where, Runnable release) {
        super("SPI device", sensorId, where, release);
        this.transfer = Objects.requireNonNull(transfer, "transfer");
    }

    @Override
    public synchronized void read(int register, byte[] into) throws BusException {
        checkRegister(register);
        byte[] tx = SpiRegisterFrames.read(register, into.length);
        byte[] rx = exchange(tx, "read of register 0x%02X at %s".formatted(register, where));
        System.arraycopy(rx, 1, into, 0, into.length);
        if (Logger.isTraceEnabled()) {
            Logger.trace(
                    "{} SPI read 0x{} at {}: {}",
                    sensorId,
                    "%02X".formatted(register),
                    where,
                    HexFormat.of().formatHex(into));
        }
    }

    @Override
    public synchronized void write(int register, int value) throws BusException {
        checkRegister(register);
        checkByte(value);
        exchange(
                SpiRegisterFrames.write(register, value),
                "write of 0x%02X to register 0x%02X at %s".formatted(value, register, where));
    }

    /** One transaction; returns what came back on MISO. */
    private byte[] exchange(byte[] tx, String what) throws BusException {
        byte[] rx = new byte[tx.length];
        if (transfer(what, () -> transfer.exchange(tx, rx)) < 0) {
            throw new BusException(sensorId, what + ": SPI transfer failed (the Pi4J log has the errno)", false);
        }
        return rx;
    }

    @Override
    public String toString() {
        return "SPI registers of %s at %s".formatted(sensorId, where);
    }
}
