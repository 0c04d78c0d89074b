// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedIioDevice;
import org.junit.jupiter.api.Test;

/**
 * The driver kit for a kernel IIO device read through sysfs ({@link BusDriverContract} says what it checks). The
 * device is put on the IIO bus named by the node's bus. Transient faults, each for the next attribute read: EIO,
 * EAGAIN and ETIMEDOUT, as the kernel driver returns them for a failed conversion. Missing: the device is detached
 * from sysfs (its overlay is not loaded, or was removed); after open that is {@link Absence#REPORTED}. In addition,
 * a sensor unplugged behind a loaded kernel driver (every read times out) must be reported as transient, and read
 * again once plugged back in.
 */
public abstract class IioDriverContract extends BusDriverContract<SimulatedIioDevice> {
    @Override
    protected void attach(SimulatedBusProvider buses, SensorNode node, SimulatedIioDevice device) {
        buses.otherBuses().addIioBus(node.bus()).attach(device);
    }

    @Override
    protected List<TransientFault<SimulatedIioDevice>> transientFaults() {
        return List.of(
                next("EIO", LineFault.CRC_ERROR),
                next("EAGAIN", LineFault.SHORT_READ),
                next("ETIMEDOUT", LineFault.TIMEOUT));
    }

    private static TransientFault<SimulatedIioDevice> next(String name, LineFault fault) {
        return new TransientFault<>(name, d -> d.failNext(1, fault), d -> {});
    }

    @Override
    protected void makeMissing(SimulatedBusProvider buses, SensorNode node, SimulatedIioDevice device) {
        buses.otherBuses().iioBus(node.bus()).detach(device.name());
    }

    @Override
    protected void restore(SimulatedBusProvider buses, SensorNode node, SimulatedIioDevice device) {
        buses.otherBuses().iioBus(node.bus()).detach(device.name());
        buses.otherBuses().iioBus(node.bus()).attach(device);
    }

    @Override
    protected Absence absenceAfterOpen() {
        return Absence.REPORTED;
    }

    @Test
    void sensorUnplugged_behindALoadedKernelDriver_isTransient_andReadsAgainOncePluggedIn() throws Exception {
        try (Rig rig = new Rig()) {
            try (Sensor sensor = rig.open()) {
                rig.fetch(sensor);
                rig.device.disconnect();

                for (int attempt = 0; attempt < 3; attempt++) {
                    DeviceException e = catchThrowableOfType(DeviceException.class, () -> rig.fetch(sensor));
                    ContractChecks.assertTransient(e, node(), "while the sensor is unplugged");
                }
                rig.device.reconnect();
                assertThat(rig.fetch(sensor).values()).isNotEmpty();
            }
        }
    }
}
