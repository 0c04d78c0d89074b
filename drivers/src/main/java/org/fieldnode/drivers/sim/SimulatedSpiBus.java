// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.bus.SpiRegisterFrames.ADDRESS_MASK;
import static org.fieldnode.drivers.bus.SpiRegisterFrames.READ_FLAG;

import java.util.Arrays;
import java.util.Objects;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.SpiRegisterFrames;

/**
 * One simulated SPI bus with one chip select, as a profile's {@code spi} bus names one {@code /dev/spidevB.C}.
 *
 * <ul>
 *   <li>Register handles ({@link #open}) frame every transfer with {@link SpiRegisterFrames}, as the real SPI bus
 *       does, and the attached chip's SPI interface decodes the frames as the Bosch sensors do (BME280 datasheet
 *       §6.3): a control byte with bit 7 set starts a read from the register whose bits 6..0 follow (the chip
 *       supplies address bit 7); with bit 7 clear, pairs of control byte and data byte are writes. Handles have
 *       no block write, like the real SPI bus.
 *   <li>SPI has no acknowledge: with no chip attached, MISO floats high and every read returns 0xFF, which a
 *       driver's identity probe reports as the wrong part.
 *   <li>Handles are counted: {@link #assertNoOpenHandles()} fails while one is open; using one after close throws
 *       {@link IllegalStateException}.
 * </ul>
 *
 * All methods synchronise on the bus.
 */
public final class SimulatedSpiBus {
    private final String name;
    private final OpenHandles<Handle> openHandles;
    private SimulatedI2cTarget chip;
    private long transactions;

    /** @param name the bus name used in messages, e.g. the profile's {@code spi0} */
    public SimulatedSpiBus(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.openHandles = new OpenHandles<>(name);
    }

    public String name() {
        return name;
    }

    /**
     * Connects {@code target} to the chip select.
     *
     * @throws IllegalArgumentException when a chip is attached already
     */
    public synchronized void attach(SimulatedI2cTarget target) {
        Objects.requireNonNull(target, "target");
        if (chip != null) {
            throw new IllegalArgumentException(
                    "%s: a chip is attached already; an SPI bus here has one".formatted(name));
        }
        chip = target;
    }

    /** Disconnects the chip; reads return 0xFF from now on. */
    public synchronized void detach() {
        chip = null;
    }

    /** SPI transactions so far (one per register read or write). */
    public synchronized long transactionCount() {
        return transactions;
    }

    /**
     * A register handle, as a driver gets it from a bus provider.
     *
     * @param sensorId the profile id, used in messages
     */
    public synchronized RegisterBus open(String sensorId) {
        return openHandles.add(new Handle(sensorId));
    }

    public synchronized int openHandleCount() {
        return openHandles.count();
    }

    /**
     * Fails when a handle is still open, naming who opened it. Call it after each test.
     *
     * @throws AssertionError when a handle leaked
     */
    public synchronized void assertNoOpenHandles() {
        openHandles.assertNone();
    }

    /** Closes every open handle, as a bus provider does when it shuts down. */
    synchronized void closeAll() {
        for (Handle handle : openHandles.all()) {
            handle.close();
        }
    }

    /** One transaction with chip select held low: MOSI in, MISO out. */
    private synchronized byte[] exchange(Handle handle, byte[] mosi) {
        if (handle.closed) {
            throw new IllegalStateException("%s used after close".formatted(handle));
        }
        transactions++;
        byte[] miso = new byte[mosi.length];
        Arrays.fill(miso, (byte) 0xFF); // no chip drives MISO: it floats high
        if (chip == null) {
            return miso;
        }
        int control = mosi[0] & 0xFF;
        if ((control & READ_FLAG) != 0) {
            byte[] data = new byte[mosi.length - 1];
            chip.read(control, data); // READ_FLAG | bits 6..0 is the full address
            System.arraycopy(data, 0, miso, 1, data.length);
        } else {
            for (int i = 0; i + 1 < mosi.length; i += 2) {
                chip.write((mosi[i] & ADDRESS_MASK) | READ_FLAG, new byte[] {mosi[i + 1]});
            }
        }
        return miso;
    }

    private final class Handle implements RegisterBus {
        private final String sensorId;
        private boolean closed; // guarded by the bus

        Handle(String sensorId) {
            this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
        }

        @Override
        public void read(int register, byte[] into) {
            byte[] miso = exchange(this, SpiRegisterFrames.read(register, into.length));
            System.arraycopy(miso, 1, into, 0, into.length);
        }

        @Override
        public void write(int register, int value) {
            exchange(this, SpiRegisterFrames.write(register, value));
        }

        @Override
        public void close() {
            synchronized (SimulatedSpiBus.this) {
                closed = true;
                openHandles.remove(this);
            }
        }

        @Override
        public String toString() {
            return "SPI handle of %s on %s".formatted(sensorId, name);
        }
    }
}
