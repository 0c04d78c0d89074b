// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117.sim;

import java.util.Set;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.SimulatedDevice;
import org.fieldnode.drivers.sim.SimulatedDeviceFactory;
import org.fieldnode.drivers.sim.SimulationContext;

/**
 * Ships the simulated TMP117 in the driver's jar: listed in
 * {@code META-INF/services/org.fieldnode.drivers.sim.SimulatedDeviceFactory}, found by a node only for a simulated
 * bus, so that {@code fieldnode demo --profile}, {@code probe --simulate} and simulated profiles run the driver
 * without the chip. It measures the simulation's weather.
 */
public final class Tmp117Simulator implements SimulatedDeviceFactory {
    @Override
    public Set<String> compatible() {
        return Set.of("ti,tmp117");
    }

    @Override
    public SimulatedDevice create(SensorNode node, SimulationContext context) {
        SimulatedTmp117 chip = new SimulatedTmp117(context.clock());
        chip.setCelsiusSource(() -> context.environment().get().celsius());
        return chip;
    }
}
