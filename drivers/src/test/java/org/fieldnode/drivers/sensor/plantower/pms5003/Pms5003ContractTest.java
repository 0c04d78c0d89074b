// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.UartDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedPms5003;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

class Pms5003ContractTest extends UartDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Pms5003Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("air0", "plantower,pms5003", "serial0", 0, Map.of());
    }

    @Override
    protected SimulatedSerialDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedPms5003(clock);
    }
}
