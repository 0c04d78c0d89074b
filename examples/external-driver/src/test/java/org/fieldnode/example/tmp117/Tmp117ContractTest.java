// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import java.util.List;
import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;
import org.fieldnode.example.tmp117.sim.SimulatedTmp117;

/** The driver kit's contract, run on the TMP117 driver and its simulator. */
class Tmp117ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Tmp117Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("water0", Tmp117Factory.COMPATIBLE, "i2c1", 0x48, Map.of());
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedTmp117 chip = new SimulatedTmp117(clock);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }

    @Override
    protected List<String> violations(SimulatedI2cTarget chip) {
        return ((SimulatedTmp117) chip).violations();
    }
}
