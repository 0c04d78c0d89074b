// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.vishay.veml7700;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedVeml7700;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Veml7700Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final SimulatedVeml7700 chip = new SimulatedVeml7700(clock);
    private final SensorNode node = new SensorNode("lux0", Veml7700Factory.COMPATIBLE, "i2c1", 0x10, Map.of());

    Veml7700Test() {
        buses.addI2cBus("i2c1");
        buses.attach("i2c1", 0x10, chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void lux_isCountsAtTheResolution_correctedAtHighLight() {
        assertThat(Veml7700.lux(0)).isZero();
        assertThat(Veml7700.lux(1)).isCloseTo(1.8477, within(0.0001)); // nearly linear at the bottom
        assertThat(Veml7700.lux(0xFFFF)).isGreaterThan(0xFFFF * 1.8432); // the correction lifts full sunlight
    }

    @Test
    void firstFetch_waitsForTheFirstIntegration_andCloseShutsTheSensorDown() throws Exception {
        chip.setIlluminance(184.32);
        Sensor sensor = new Veml7700Factory().open(node, buses, clock);
        assertThat(chip.poweredOn()).isTrue();

        assertThat(sensor.fetch().get(Channel.ILLUMINANCE).getAsDouble()).isCloseTo(Veml7700.lux(100), within(1e-9));
        sensor.close();
        assertThat(chip.poweredOn()).isFalse();
    }
}
