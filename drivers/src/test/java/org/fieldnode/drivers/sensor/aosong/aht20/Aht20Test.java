// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.aht20;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedAht20;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Aht20Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final SimulatedAht20 chip = new SimulatedAht20(clock);
    private final SensorNode node = new SensorNode("env0", Aht20Factory.COMPATIBLE, "i2c1", 0x38, Map.of());

    Aht20Test() {
        buses.addI2cBus("i2c1");
        buses.attach("i2c1", 0x38, chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void conversion_followsTheDatasheet() {
        assertThat(Conversion.relativeHumidity(1 << 19)).isEqualTo(50.0);
        assertThat(Conversion.celsius(1 << 19)).isEqualTo(50.0);
        assertThat(Conversion.celsius(0)).isEqualTo(-50.0);
    }

    @Test
    void open_initialisesAChipThatLostItsCalibration_thenMeasures() throws Exception {
        chip.uncalibrated();
        chip.setConditionSource(() -> new Conditions(-7.25, 93.5, 100_000));
        try (Sensor sensor = new Aht20Factory().open(node, buses, clock)) {
            long before = clock.nanoTime();
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.AMBIENT_TEMPERATURE).getAsDouble()).isCloseTo(-7.25, within(0.001));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY).getAsDouble()).isCloseTo(93.5, within(0.001));
            assertThat(clock.nanoTime() - before).isGreaterThanOrEqualTo(80_000_000L);
        }
    }
}
