// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.DriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedAds1115;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedI2cTarget;

/** A soil probe on AIN0 and the voltage of AIN1: two conversions per fetch. */
class Ads1115ContractTest extends DriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new Ads1115Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode(
                "soil0",
                "ti,ads1115",
                "i2c1",
                0x49,
                Map.of("input", "1", "soil-channel", "0", "soil-dry-volts", "2.8", "soil-wet-volts", "1.2"));
    }

    @Override
    protected SimulatedI2cTarget attachChip(SimulatedBusProvider buses, SensorNode node, FakeSleeper clock) {
        SimulatedAds1115 chip = new SimulatedAds1115(clock);
        chip.setInputVolts(0, 1.9);
        chip.setInputVolts(1, 3.0);
        buses.attach(node.bus(), node.address(), chip);
        return chip;
    }
}
