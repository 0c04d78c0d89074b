// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedDs3231;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

class Ds3231ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Ds3231Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("rtc0", "maxim,ds3231", "i2c1", 0x68, Map.of());
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedDs3231 chip = SimulatedDs3231.on(clock);
        chip.setTemperature(31.5);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
