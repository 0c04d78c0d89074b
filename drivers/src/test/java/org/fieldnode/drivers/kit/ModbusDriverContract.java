// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import java.util.List;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedModbusLine;
import org.fieldnode.drivers.sim.SimulatedModbusSlave;

/**
 * The driver kit for a slave on a Modbus RTU line ({@link BusDriverContract} says what it checks). The slave is put
 * on a simulated line named by the node's bus, at slave id {@code reg}, and the driver talks to it through the real
 * RTU master (framing, CRC-16, silent interval, retries). Transient faults: every answer during the fetch is lost
 * (TIMEOUT), has a bad CRC (CRC_ERROR) or is cut short (SHORT_READ), so that the master's retries cannot hide them.
 * Missing: the slave is {@link SimulatedModbusSlave#powerOff() powered off}; after open that is
 * {@link Absence#SILENT_UNTIL_REOPEN}: silence from a slave heard before is transient, and a re-open must report it
 * absent.
 */
public abstract class ModbusDriverContract extends BusDriverContract<SimulatedModbusSlave> {
    /** More answers than any fetch waits for: the fault lasts the whole fetch, until cleared. */
    private static final int EVERY_FRAME = 10_000;

    private SimulatedModbusLine line;

    @Override
    protected void attach(SimulatedBusProvider buses, SensorNode node, SimulatedModbusSlave slave) {
        line = buses.otherBuses().addModbusBus(node.bus()).line();
        line.attach(node.address(), slave);
    }

    @Override
    protected List<TransientFault<SimulatedModbusSlave>> transientFaults() {
        return List.of(answers(LineFault.TIMEOUT), answers(LineFault.CRC_ERROR), answers(LineFault.SHORT_READ));
    }

    private TransientFault<SimulatedModbusSlave> answers(LineFault fault) {
        return new TransientFault<>(
                "every answer: " + fault, slave -> line.failNext(EVERY_FRAME, fault), slave -> line.clearFaults());
    }

    @Override
    protected void makeMissing(SimulatedBusProvider buses, SensorNode node, SimulatedModbusSlave slave) {
        slave.powerOff();
    }

    @Override
    protected void restore(SimulatedBusProvider buses, SensorNode node, SimulatedModbusSlave slave) {
        slave.powerOn();
    }

    @Override
    protected Absence absenceAfterOpen() {
        return Absence.SILENT_UNTIL_REOPEN;
    }

    @Override
    protected List<String> lineViolations() {
        return line == null ? List.of() : line.violations();
    }

    /** The line the slave is on, to check its violations or inject more. */
    protected final SimulatedModbusLine line() {
        return line;
    }
}
