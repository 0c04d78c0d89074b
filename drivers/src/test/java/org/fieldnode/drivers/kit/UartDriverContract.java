// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import java.util.List;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

/**
 * The driver kit for a device on a serial port ({@link BusDriverContract} says what it checks). The device is put
 * on a UART named by the node's bus. Transient faults: every data frame during the fetch is lost (TIMEOUT), has a
 * bad checksum (CRC_ERROR) or is cut in half (SHORT_READ), as {@link SimulatedSerialDevice#failNext} makes them,
 * so that a streaming device cannot simply wait for the next good frame. Missing: the device is
 * {@link SimulatedSerialDevice#disconnect() disconnected}; after open that is {@link Absence#SILENT_UNTIL_REOPEN}.
 */
public abstract class UartDriverContract extends BusDriverContract<SimulatedSerialDevice> {
    /** More frames than any fetch waits for: the fault lasts the whole fetch, until cleared. */
    private static final int EVERY_FRAME = 10_000;

    @Override
    protected void attach(SimulatedBusProvider buses, SensorNode node, SimulatedSerialDevice device) {
        buses.otherBuses().attachUart(node.bus(), device);
    }

    @Override
    protected List<TransientFault<SimulatedSerialDevice>> transientFaults() {
        return List.of(frames(LineFault.TIMEOUT), frames(LineFault.CRC_ERROR), frames(LineFault.SHORT_READ));
    }

    private static TransientFault<SimulatedSerialDevice> frames(LineFault fault) {
        return new TransientFault<>(
                "every frame: " + fault, d -> d.failNext(EVERY_FRAME, fault), SimulatedSerialDevice::clearFaults);
    }

    @Override
    protected void makeMissing(SimulatedBusProvider buses, SensorNode node, SimulatedSerialDevice device) {
        device.disconnect();
    }

    @Override
    protected void restore(SimulatedBusProvider buses, SensorNode node, SimulatedSerialDevice device) {
        device.reconnect();
    }

    @Override
    protected Absence absenceAfterOpen() {
        return Absence.SILENT_UNTIL_REOPEN;
    }
}
