// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.Objects;
import java.util.Optional;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.bus.modbus.ModbusLine;
import org.fieldnode.drivers.bus.modbus.ModbusSettings;
import org.fieldnode.drivers.bus.modbus.RtuMaster;

/**
 * A simulated Modbus RTU bus of a {@link SimulatedBusProvider}: the {@link SimulatedModbusLine} with its slaves,
 * wired to a {@link SimulatedUart}, driven by the real {@link RtuMaster} through a {@link ModbusLine}, so that drivers
 * on a simulated bus exercise the same framing, CRC, silent interval, timeouts and retries as on a real one.
 */
public final class SimulatedModbusBus {
    private final SimulatedModbusLine line;
    private final SimulatedUart uart;
    private final ModbusLine master;
    private final Sleeper clock;

    SimulatedModbusBus(String name, ModbusSettings settings, Sleeper clock) {
        this.clock = clock;
        this.line = new SimulatedModbusLine(clock, settings);
        this.uart = new SimulatedUart(name, line, clock);
        this.master = new ModbusLine(
                name,
                sensorId -> RtuMaster.open(
                        uart.open(sensorId), settings, clock, Optional.empty(), name + " (simulated)", sensorId));
    }

    /** The wire and its slaves: attach slaves, inject faults, read violations. */
    public SimulatedModbusLine line() {
        return line;
    }

    /** A handle on slave {@code slave}, as a driver gets it from {@link SimulatedBusProvider#openModbus}. */
    public ModbusDevice open(int slave, String sensorId) throws DeviceException {
        return master.open(slave, Objects.requireNonNull(sensorId, "sensorId"));
    }

    /** The master of the line, e.g. for a slave id scan; opened by the first {@link #open}. */
    public ModbusLine master() {
        return master;
    }

    /** Opens the line's master on its own, for a scan; close it when done. */
    public RtuMaster openMaster(String who) throws DeviceException {
        return RtuMaster.open(uart.open(who), line.settings(), clock, Optional.empty(), uart.name(), who);
    }

    /** @throws AssertionError when a handle is still open */
    public void assertNoOpenHandles() {
        if (master.openHandleCount() != 0) {
            throw new AssertionError(master.openHandleCount() + " Modbus handle(s) left open on " + uart.name());
        }
        uart.assertNoOpenHandles();
    }

    void closeAll() {
        master.closeAll();
        uart.closeAll();
    }
}
