// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.contact;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.GpioDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedGpioLine;

/** The driver kit's GPIO contract for {@code fieldnode,gpio-contact}: a float switch held closed (line low). */
class GpioContactContractTest extends GpioDriverContract {
    @Override
    protected SensorDriverFactory factory() {
        return new GpioContactFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("tank0", "fieldnode,gpio-contact", "pinctrl-bcm2711", 17, Map.of("active", "low"));
    }

    @Override
    protected SimulatedGpioLine newDevice(SensorNode node, FakeSleeper clock) {
        SimulatedGpioLine line = new SimulatedGpioLine(clock);
        line.setLevel(false);
        return line;
    }
}
