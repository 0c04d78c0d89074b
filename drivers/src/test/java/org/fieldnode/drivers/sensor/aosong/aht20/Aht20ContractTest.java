// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedAht20;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

class Aht20ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Aht20Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("env0", Aht20Factory.COMPATIBLE, "i2c1", 0x38, Map.of());
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedAht20 chip = new SimulatedAht20(clock);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }

    @Override
    protected List<String> violations(SimulatedI2cTarget chip) {
        return ((SimulatedAht20) chip).violations();
    }
}
