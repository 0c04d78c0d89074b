// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

class Bme280ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Bme280Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("env0", "bosch,bme280", "i2c1", 0x76, Map.of("oversampling", "2", "filter", "4"));
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedBme280 chip = new SimulatedBme280(clock);
        chip.setConditions(19.5, 62.0, 100_800);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
