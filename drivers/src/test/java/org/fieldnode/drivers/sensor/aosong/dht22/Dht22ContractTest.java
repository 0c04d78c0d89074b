// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.dht22;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.IioDriverContract;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedDht22;
import org.fieldnode.drivers.sim.SimulatedIioDevice;

class Dht22ContractTest extends IioDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Dht22Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("th0", "aosong,dht22", "iio", 0, Map.of());
    }

    @Override
    protected SimulatedIioDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedDht22(() -> new Conditions(21.5, 48.0, 101_325));
    }
}
