// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import java.util.HexFormat;
import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.RegisterBus;
import org.tinylog.Logger;

/**
 * {@link RegisterBus} over SPI with the register addressing of the Bosch sensors (BME280 datasheet
 * BST-BME280-DS002, §6.3): the first byte of each transaction (chip select held low) is a control byte whose
 * bit 7 is RW (1 = read, 0 = write) and whose bits 6..0 are bits 6..0 of the register address; the chip supplies
 * bit 7 of the address itself. Then
 *
 * <pre>
 *   read:  MOSI  [reg | 0x80] [0x00] [0x00] …      write: MOSI [reg &amp; 0x7F] [value]
 *          MISO  [ignored ] [r0  ] [r1  ] …  (address auto-increments while CSB stays low)
 * </pre>
 *
 * So register 0xF7 is read by sending 0xF7 and written by sending 0x77. One driver class thereby runs over I2C or
 * SPI. Chips that use bit 6 as an auto-increment flag (ST's) need another framing.
 *
 * <p>Pi4J's SPI transfer returns a negative count on failure (and logs the errno) instead of throwing; both
 * become a {@link BusException}. SPI has no acknowledge: an absent chip reads as 0x00 or 0xFF, which the driver's
 * identity probe turns into a {@code DeviceNotFoundException}. Thread-safe; close is idempotent and never throws.
 */
final class Pi4jSpiRegisterBus implements RegisterBus {
    static final int READ_FLAG = 0b1000_0000;
    static final int ADDRESS_MASK = 0b0111_1111;

    /** One full-duplex SPI transaction with chip select held low: Pi4J's {@code Spi.transfer(tx, rx)}. */
    @FunctionalInterface
    interface Transfer {
        /** @return the number of bytes exchanged, negative on failure */
        int exchange(byte[] tx, byte[] rx);
    }

    private final Transfer transfer;
    private final String sensorId;
    private final String where;
    private final Runnable release;
    private boolean closed;

    /**
     * @param where the device for messages, e.g. {@code spi0 (/dev/spidev0.0)}
     * @param release gives the device back to the owner; called once, on the first {@link #close()}
     */
    Pi4jSpiRegisterBus(Transfer transfer, String sensorId, String where, Runnable release) {
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        this.where = Objects.requireNonNull(where, "where");
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public synchronized void read(int register, byte[] into) throws BusException {
        checkUsable(register);
        byte[] tx = new byte[into.length + 1];
        byte[] rx = new byte[into.length + 1];
        tx[0] = (byte) (register | READ_FLAG);
        exchange(tx, rx, "read of register 0x%02X at %s".formatted(register, where));
        System.arraycopy(rx, 1, into, 0, into.length);
        if (Logger.isTraceEnabled()) {
            Logger.trace(
                    "{} SPI read 0x{} at {}: {}",
                    sensorId,
                    hex(register),
                    where,
                    HexFormat.of().formatHex(into));
        }
    }

    @Override
    public synchronized void write(int register, int value) throws BusException {
        checkUsable(register);
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        byte[] tx = {(byte) (register & ADDRESS_MASK), (byte) value};
        exchange(tx, new byte[2], "write of 0x%02X to register 0x%02X at %s".formatted(value, register, where));
    }

    private void exchange(byte[] tx, byte[] rx, String what) throws BusException {
        int count;
        try {
            count = transfer.exchange(tx, rx);
        } catch (RuntimeException e) {
            throw LinuxBusError.toBusException(sensorId, what, e);
        }
        if (count < 0) {
            throw new BusException(sensorId, what + ": SPI transfer failed (the Pi4J log has the errno)", false);
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
            Logger.warn(e, "{}: releasing the SPI device {} failed", sensorId, where);
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

    private static String hex(int value) {
        return "%02X".formatted(value);
    }

    @Override
    public String toString() {
        return "SPI registers of %s at %s".formatted(sensorId, where);
    }
}
