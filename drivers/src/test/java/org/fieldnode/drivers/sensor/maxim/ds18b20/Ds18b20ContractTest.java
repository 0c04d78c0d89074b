// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.OneWireDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedDs18b20;

class Ds18b20ContractTest extends OneWireDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Ds18b20Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("soil0", "maxim,ds18b20", "w1", 0, Map.of("rom", "28-0316a2797eff"));
    }

    @Override
    protected SimulatedDs18b20 newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedDs18b20(0x0316_a279_7effL, () -> 12.5);
    }
}
