// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;
import org.fieldnode.drivers.sim.SimulatedIna219;

class Ina219ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Ina219Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode(
                "solar0", "ti,ina219", "i2c1", 0x41, Map.of("shunt-ohms", "0.1", "max-current-amps", "2"));
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedIna219 chip = new SimulatedIna219(clock, 0.1);
        chip.setLoad(18.5, 0.75);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
