// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.example.tmp117;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.example.tmp117.sim.SimulatedTmp117;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Tmp117Test {
    private final FakeSleeper clock = new FakeSleeper(1L << 40);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
    private final SimulatedTmp117 chip = new SimulatedTmp117(clock);
    private final SensorNode node = new SensorNode("water0", "ti,tmp117", "i2c1", 0x49, Map.of());

    Tmp117Test() {
        buses.addI2cBus("i2c1");
        buses.attach("i2c1", 0x49, chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        buses.assertNoOpenHandles();
    }

    @Test
    void celsius_followsTheDatasheetScale() {
        // DS "Temperature Result Register": 7.8125 m°C per LSB, two's complement.
        assertThat(Tmp117.celsius(0x0C80)).isEqualTo(25.0); // 3200 LSB
        assertThat(Tmp117.celsius(1)).isEqualTo(0.0078125);
        assertThat(Tmp117.celsius((short) 0xFF80)).isEqualTo(-1.0);
        assertThat(Tmp117.celsius((short) 0x8000)).isEqualTo(-256.0);
    }

    @Test
    void fetch_runsOneShot_andReadsTheQuantisedTemperature() throws Exception {
        chip.setCelsius(-3.14);
        try (Sensor sensor = new Tmp117Factory().open(node, buses, clock)) {
            long before = clock.nanoTime();

            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-402 * 0.0078125);
            assertThat(clock.nanoTime() - before).isLessThan(30_000_000L); // one 15.5 ms conversion, not 125 ms
        }
    }

    @Test
    void anotherChipAtTheAddress_isNotFound() {
        buses.i2cBus("i2c1").detach(0x49);
        buses.attach("i2c1", 0x49, new org.fieldnode.drivers.sim.SimulatedAds1115(clock));

        assertThatThrownBy(() -> new Tmp117Factory().open(node, buses, clock))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("expected 0x117");
    }

    @Test
    void aNodeOutsideTheAddressRange_isAProfileError() {
        SensorNode wrong = new SensorNode("water0", "ti,tmp117", "i2c1", 0x40, Map.of());

        assertThatThrownBy(() -> new Tmp117Factory().open(wrong, buses, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reg: a TMP117 answers at 0x48..0x4B, got 0x40");
    }
}
