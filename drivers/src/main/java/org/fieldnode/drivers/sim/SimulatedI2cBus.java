// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;
import org.tinylog.Logger;

/**
 * One simulated I2C bus with chips attached at 7-bit addresses.
 *
 * <ul>
 *   <li>A transfer to an address where nothing is attached fails like real hardware, with an address NACK. It
 *       is reported as a <em>permanent</em> {@link BusException}: an absent or unpowered chip does not come back
 *       by retrying the same handle, so the runtime should treat the sensor as failed and re-open it later.
 *   <li>{@link #failNext} schedules faults for the next transfers ({@link BusFault}), in order.
 *   <li>Handles are counted: {@link #assertNoOpenHandles()} fails while a handle is open. Closing a handle twice
 *       is harmless; using it after close throws {@link IllegalStateException}.
 * </ul>
 *
 * Register handles ({@link #open}) and raw handles ({@link #openDevice}) share the faults and the leak check. A
 * present chip that refuses a transfer ({@link TargetNack}) gives a {@link BusException} with the NACK's transient
 * flag. Opening a handle never fails, as opening {@code /dev/i2c-N} and selecting an address does not talk to the
 * chip. All methods synchronise on the bus; transfers run with the bus lock held, like a bus that carries one
 * transfer at a time.
 */
public final class SimulatedI2cBus {
    private final String name;
    private final Map<Integer, SimulatedI2cTarget> targets = new HashMap<>();
    private final Deque<BusFault> scheduledFaults = new ArrayDeque<>();
    private final OpenHandles<Handle> openHandles;
    private int passBeforeFaults;
    private long transfers;

    /** @param name the bus name used in messages, e.g. the profile's {@code i2c1} */
    public SimulatedI2cBus(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.openHandles = new OpenHandles<>(name);
    }

    public String name() {
        return name;
    }

    /**
     * Connects {@code target} at {@code address}.
     *
     * @throws IllegalArgumentException when the address is not 7-bit or already taken
     */
    public synchronized void attach(int address, SimulatedI2cTarget target) {
        Objects.requireNonNull(target, "target");
        checkAddress(address);
        if (targets.containsKey(address)) {
            throw new IllegalArgumentException("%s: address 0x%02X is already taken".formatted(name, address));
        }
        targets.put(address, target);
    }

    /** Disconnects whatever is at {@code address}; transfers there NACK from now on. */
    public synchronized Optional<SimulatedI2cTarget> detach(int address) {
        return Optional.ofNullable(targets.remove(address));
    }

    /** Addresses with a chip attached, for diagnostics. */
    public synchronized List<Integer> attachedAddresses() {
        return targets.keySet().stream().sorted().toList();
    }

    /** Makes the next {@code transfers} transfers to any address fail with {@code fault}. */
    public synchronized void failNext(int transfers, BusFault fault) {
        Objects.requireNonNull(fault, "fault");
        if (transfers < 0) {
            throw new IllegalArgumentException("transfers must be >= 0, got " + transfers);
        }
        for (int i = 0; i < transfers; i++) {
            scheduledFaults.add(fault);
        }
    }

    /**
     * Lets the next {@code passing} transfers through, then makes the {@code transfers} after them fail with
     * {@code fault}: a fault in the middle of a transaction group, e.g. after a conversion was started.
     */
    public synchronized void failAfter(int passing, int transfers, BusFault fault) {
        if (passing < 0) {
            throw new IllegalArgumentException("passing must be >= 0, got " + passing);
        }
        failNext(transfers, fault);
        passBeforeFaults = passing;
    }

    /** Transfers attempted on this bus so far, failed ones included. */
    public synchronized long transferCount() {
        return transfers;
    }

    /** Faults scheduled but not yet injected. */
    public synchronized int pendingFaults() {
        return scheduledFaults.size();
    }

    /**
     * A register handle to {@code address}, as a driver gets it from a bus provider.
     *
     * @param sensorId the profile id, used in exception messages
     */
    public synchronized RegisterBus open(String sensorId, int address) {
        return register(new RegisterHandle(sensorId, address));
    }

    /**
     * A raw handle to {@code address}, for command-based chips, as a driver gets it from a bus provider. Raw
     * transfers reach the target's {@link SimulatedI2cTarget#rawWrite} and {@link SimulatedI2cTarget#rawRead}.
     *
     * @param sensorId the profile id, used in exception messages
     */
    public synchronized I2cDevice openDevice(String sensorId, int address) {
        return register(new DeviceHandle(sensorId, address));
    }

    private <H extends Handle> H register(H handle) {
        return openHandles.add(handle);
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

    /** One transfer: register ({@link #RAW} for a raw one), direction and the bytes to send or fill. */
    private record Transfer(int register, boolean read, byte[] data) {
        static final int RAW = -1;

        String where() {
            return register == RAW ? "raw" : "register 0x%02X".formatted(register);
        }

        void run(SimulatedI2cTarget target, byte[] bytes) {
            if (register == RAW) {
                if (read) {
                    target.rawRead(bytes);
                } else {
                    target.rawWrite(bytes);
                }
            } else if (read) {
                target.read(register, bytes);
            } else {
                target.write(register, bytes);
            }
        }
    }

    private synchronized void transfer(Handle handle, Transfer transfer) throws BusException {
        if (handle.closed) {
            throw new IllegalStateException("%s used after close".formatted(handle));
        }
        if (transfer.register() != Transfer.RAW && (transfer.register() < 0 || transfer.register() > 0xFF)) {
            throw new IllegalArgumentException("register out of range: " + transfer.register());
        }
        transfers++;
        BusFault fault = scheduledFaults.peek();
        if (fault != null && passBeforeFaults > 0) {
            passBeforeFaults--;
        } else if (fault != null && fault.appliesTo(transfer.read())) {
            scheduledFaults.poll();
            inject(handle, fault, transfer);
        }
        SimulatedI2cTarget target = targets.get(handle.address);
        if (target == null) {
            throw new BusException(
                    handle.sensorId,
                    "no device acknowledges address 0x%02X on %s".formatted(handle.address, name),
                    false);
        }
        deliver(handle, target, transfer, transfer.data());
        if (Logger.isTraceEnabled()) {
            Logger.trace(
                    "{} 0x{} {} {}: {}",
                    name,
                    hex(handle.address),
                    transfer.read() ? "read" : "write",
                    transfer.where(),
                    HexFormat.ofDelimiter(" ").formatHex(transfer.data()));
        }
    }

    /** Runs the transfer on the target, turning a {@link TargetNack} into a {@link BusException}. */
    private void deliver(Handle handle, SimulatedI2cTarget target, Transfer transfer, byte[] bytes)
            throws BusException {
        try {
            transfer.run(target, bytes);
        } catch (TargetNack nack) {
            throw new BusException(
                    handle.sensorId,
                    "0x%02X on %s did not acknowledge the %s %s: %s"
                            .formatted(
                                    handle.address,
                                    name,
                                    transfer.where(),
                                    transfer.read() ? "read" : "write",
                                    nack.getMessage()),
                    nack.isTransient());
        }
    }

    private void inject(Handle handle, BusFault fault, Transfer transfer) throws BusException {
        String where = "0x%02X on %s, %s".formatted(handle.address, name, transfer.where());
        byte[] data = transfer.data();
        if (fault == BusFault.SHORT_READ) {
            SimulatedI2cTarget target = targets.get(handle.address);
            byte[] part = new byte[data.length / 2];
            if (target != null) {
                deliver(handle, target, transfer, part);
            }
            System.arraycopy(part, 0, data, 0, part.length);
            throw new BusException(
                    handle.sensorId,
                    "short read at %s: %d of %d bytes".formatted(where, part.length, data.length),
                    fault.isTransient());
        }
        throw new BusException(
                handle.sensorId,
                "%s at %s (%s)".formatted(fault, where, transfer.read() ? "read" : "write"),
                fault.isTransient());
    }

    private static String hex(int value) {
        return "%02X".formatted(value);
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException("not a 7-bit I2C address: 0x%X".formatted(address));
        }
    }

    private abstract class Handle implements AutoCloseable {
        final String sensorId;
        final int address;
        boolean closed; // guarded by the bus

        Handle(String sensorId, int address) {
            this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
            checkAddress(address);
            this.address = address;
        }

        @Override
        public void close() {
            synchronized (SimulatedI2cBus.this) {
                closed = true;
                openHandles.remove(this);
            }
        }

        @Override
        public String toString() {
            return "handle of %s at 0x%02X on %s".formatted(sensorId, address, name);
        }
    }

    private final class RegisterHandle extends Handle implements RegisterBus {
        RegisterHandle(String sensorId, int address) {
            super(sensorId, address);
        }

        @Override
        public void read(int register, byte[] into) throws BusException {
            transfer(this, new Transfer(register, true, into));
        }

        @Override
        public void write(int register, int value) throws BusException {
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + value);
            }
            transfer(this, new Transfer(register, false, new byte[] {(byte) value}));
        }

        @Override
        public void write(int register, byte[] data) throws BusException {
            transfer(this, new Transfer(register, false, data.clone()));
        }
    }

    private final class DeviceHandle extends Handle implements I2cDevice {
        DeviceHandle(String sensorId, int address) {
            super(sensorId, address);
        }

        @Override
        public void write(byte[] data) throws BusException {
            transfer(this, new Transfer(Transfer.RAW, false, data.clone()));
        }

        @Override
        public void read(byte[] into) throws BusException {
            transfer(this, new Transfer(Transfer.RAW, true, into));
        }
    }
}
