// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.vishay.veml7700;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;
import org.fieldnode.drivers.sim.SimulatedVeml7700;

class Veml7700ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Veml7700Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("lux0", Veml7700Factory.COMPATIBLE, "i2c1", 0x10, Map.of());
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedVeml7700 chip = new SimulatedVeml7700(clock);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
