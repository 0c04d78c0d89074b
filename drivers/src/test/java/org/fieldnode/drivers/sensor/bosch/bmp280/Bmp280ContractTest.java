// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBmp280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

class Bmp280ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Bmp280Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("baro0", "bosch,bmp280", "i2c1", 0x77, Map.of("pressure-oversampling", "4"));
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedBmp280 chip = new SimulatedBmp280(clock);
        chip.setConditions(8.0, 97_500);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
