// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.avia.hx711;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.kit.IioDriverContract;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedHx711;
import org.fieldnode.drivers.sim.SimulatedIioDevice;
import org.junit.jupiter.api.Test;

class Hx711ContractTest extends IioDriverContract {
    private static final Map<String, String> CALIBRATION = Map.of("kg-per-count", "2.5e-5", "tare-counts", "-8000");

    @Override
    protected SensorDriverFactory factory() {
        return new Hx711Factory();
    }

    @Override
    protected SensorNode node() {
        return new SensorNode("hive0", Hx711Factory.COMPATIBLE, "iio", 0, CALIBRATION);
    }

    @Override
    protected SimulatedIioDevice newDevice(SensorNode node, FakeSleeper clock) {
        return new SimulatedHx711(31.7, CALIBRATION);
    }

    @Test
    void aProfileWithoutItsCalibration_isAProfileError() {
        SensorNode uncalibrated = new SensorNode("hive0", Hx711Factory.COMPATIBLE, "iio", 0, Map.of());
        assertThatThrownBy(() -> factory().check(uncalibrated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("properties.kg-per-count: missing");
    }
}
