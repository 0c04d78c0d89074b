// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.ModbusDevice;

/**
 * One Modbus RTU line of a bus provider, shared by the sensors on it: the first handle opens the line's
 * {@link RtuMaster} (its serial port and direction line), the last one to close closes it again, so a line whose
 * sensors all failed is re-opened afresh. Each handle is one slave; the master serialises their transactions.
 * Thread-safe.
 */
public final class ModbusLine {
    /** Opens the line's master, when the first handle asks for it. */
    @FunctionalInterface
    public interface Opener {
        RtuMaster open(String sensorId) throws DeviceException;
    }

    private final String name;
    private final Opener opener;
    private RtuMaster master;
    private int handles;

    public ModbusLine(String name, Opener opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    public String name() {
        return name;
    }

    /** A handle on {@code slave} (1..247). */
    public synchronized ModbusDevice open(int slave, String sensorId) throws DeviceException {
        if (slave < 1 || slave > 247) {
            throw new IllegalArgumentException("reg: a Modbus slave id is 1..247, got " + slave);
        }
        if (master == null) {
            master = opener.open(sensorId);
        }
        handles++;
        return new Handle(master, slave, sensorId);
    }

    /** Handles open now. */
    public synchronized int openHandleCount() {
        return handles;
    }

    /** Closes the master whatever handles are still open. Never throws. */
    public synchronized void closeAll() {
        if (master != null) {
            master.close();
            master = null;
        }
        handles = 0;
    }

    private synchronized void release(RtuMaster of) {
        if (of != master) {
            return; // closed by closeAll meanwhile
        }
        if (--handles == 0) {
            master.close();
            master = null;
        }
    }

    private final class Handle implements ModbusDevice {
        private final RtuMaster master;
        private final int slave;
        private final String sensorId;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile boolean heard;

        Handle(RtuMaster master, int slave, String sensorId) {
            this.master = master;
            this.slave = slave;
            this.sensorId = sensorId;
        }

        @Override
        public int slave() {
            return slave;
        }

        @Override
        public int[] readHoldingRegisters(int address, int count) throws DeviceException {
            return RtuFrames.registers(transact(RtuFrames.readRequest(RtuFrames.READ_HOLDING, address, count)));
        }

        @Override
        public int[] readInputRegisters(int address, int count) throws DeviceException {
            return RtuFrames.registers(transact(RtuFrames.readRequest(RtuFrames.READ_INPUT, address, count)));
        }

        @Override
        public void writeRegister(int address, int value) throws DeviceException {
            transact(RtuFrames.writeSingleRequest(address, value));
        }

        private byte[] transact(byte[] pdu) throws DeviceException {
            if (closed.get()) {
                throw new IllegalStateException(sensorId + ": Modbus handle on " + name + " used after close");
            }
            ModbusSettings settings = master.settings();
            byte[] answer =
                    master.exchange(slave, pdu, heard, settings.responseTimeout(), settings.retries(), sensorId);
            heard = true; // an exception response proves the slave is there, too
            return master.normal(answer, slave, pdu, sensorId);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(master);
            }
        }

        @Override
        public String toString() {
            return "Modbus slave %d on %s (%s)".formatted(slave, name, sensorId);
        }
    }
}
