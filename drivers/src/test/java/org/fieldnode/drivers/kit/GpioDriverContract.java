// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.GpioLine;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedGpioLine;
import org.junit.jupiter.api.Test;

/**
 * The driver kit for a device on a GPIO input line ({@link BusDriverContract} says what it checks), put at the
 * node's {@code reg} offset of the GPIO chip named by the node's bus. A GPIO input has no transfer that can fail,
 * so the bus has no transient faults to report; a cut wire ({@link SimulatedGpioLine#disconnect()}) only silences
 * the line, {@link Absence#UNDETECTABLE}: fetches must go on without failing and read again after
 * {@link SimulatedGpioLine#reconnect()}. Missing at open: the line is held by another consumer, which the kernel
 * refuses with EBUSY; that must be a permanent fault that leaks no handle.
 */
public abstract class GpioDriverContract extends BusDriverContract<SimulatedGpioLine> {
    private GpioLine otherConsumer;

    @Override
    protected void attach(SimulatedBusProvider buses, SensorNode node, SimulatedGpioLine line) {
        buses.otherBuses().addGpioChip(node.bus()).attach(node.address(), line);
    }

    @Override
    protected List<TransientFault<SimulatedGpioLine>> transientFaults() {
        return List.of();
    }

    @Override
    protected void makeMissing(SimulatedBusProvider buses, SensorNode node, SimulatedGpioLine line) {
        try {
            otherConsumer = buses.openGpioInput(node.bus(), node.address(), Duration.ZERO, "another-consumer");
        } catch (DeviceException e) {
            throw new AssertionError("cannot take the line for another consumer", e);
        }
    }

    @Override
    protected void makeGone(SimulatedBusProvider buses, SensorNode node, SimulatedGpioLine line) {
        line.disconnect();
    }

    @Override
    protected void restore(SimulatedBusProvider buses, SensorNode node, SimulatedGpioLine line) {
        if (otherConsumer != null) {
            otherConsumer.close();
            otherConsumer = null;
        }
        line.reconnect();
    }

    @Override
    protected Absence absenceAfterOpen() {
        return Absence.UNDETECTABLE;
    }

    @Test
    void cutWire_forOneInterval_failsNoFetch_andTheLineIsReadAgainAfterReconnect() throws Exception {
        try (Rig rig = new Rig()) {
            try (Sensor sensor = rig.open()) {
                rig.fetch(sensor);
                rig.device.disconnect();
                assertThat(factory().channels())
                        .containsAll(rig.fetch(sensor).values().keySet());
                rig.device.reconnect();
                assertThat(rig.fetch(sensor).values()).isNotEmpty();
            }
        }
    }
}
