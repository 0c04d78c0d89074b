// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.nova.sds011;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.UartDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedSds011;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

class Sds011ContractTest extends UartDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Sds011Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("air1", "nova,sds011", "ttyUSB0", 0, Map.of());
    }

    @Override
    protected SimulatedSerialDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedSds011(clock);
    }
}
