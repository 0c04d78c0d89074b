// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.dfrobot.a02yyuw;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.UartDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedA02yyuw;
import org.fieldnode.drivers.sim.SimulatedSerialDevice;

class A02yyuwContractTest extends UartDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new A02yyuwFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("level0", "dfrobot,a02yyuw", "serial0", 0, Map.of("mount-height-m", "2.5"));
    }

    @Override
    protected SimulatedSerialDevice newDevice(SensorNode node, FakeSleeper clock) {
        SimulatedA02yyuw chip = new SimulatedA02yyuw(clock);
        chip.setDistanceMillimetres(1_200);
        return chip;
    }
}
