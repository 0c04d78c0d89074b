// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.comwintop.soilthc;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.ModbusDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedModbusSlave;
import org.fieldnode.drivers.sim.SimulatedSoilThc;

class SoilThcContractTest extends ModbusDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new SoilThcFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("soil0", SoilThcFactory.COMPATIBLE, "rs485", 1, Map.of());
    }

    @Override
    protected SimulatedModbusSlave newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedSoilThc(clock, () -> SimulatedBme280.POWER_ON_CONDITIONS);
    }
}
