// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.pulsecounter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.GpioDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedGpioLine;
import org.junit.jupiter.api.io.TempDir;

class PulseCounterContractTest extends GpioDriverContract {
    @TempDir
    Path state;

    @Override
    protected SensorDriverFactory factory() {
        return new PulseCounterFactory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode(
                "rain0",
                "fieldnode,pulse-counter",
                "pinctrl-bcm2711",
                17,
                Map.of("mm-per-pulse", "0.2794", "state-dir", state.toString()));
    }

    @Override
    protected SimulatedGpioLine newDevice(SensorNode node, FakeSleeper clock) {
        SimulatedGpioLine line = new SimulatedGpioLine(clock);
        line.setRate(0.5);
        line.setBounce(2, Duration.ofMillis(1));
        return line;
    }
}
