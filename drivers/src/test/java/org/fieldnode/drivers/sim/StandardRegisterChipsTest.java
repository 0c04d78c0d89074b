// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.api.TimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standard catalogue's register chips, opened through ServiceLoader as the runtime does in --simulate. */
class StandardRegisterChipsTest {
    private final FakeSleeper sleeper = new FakeSleeper();
    private final SimulatedBusProvider buses = new SimulatedBusProvider(
            SimulatedChips.standard(InstantSource.fixed(Instant.parse("2026-07-14T15:00:00Z")), sleeper, 7));

    @AfterEach
    void noLeaks() {
        buses.assertNoOpenHandles();
    }

    @ParameterizedTest(name = "{0} at 0x{1}")
    @CsvSource({"bosch,bmp280, 76", "ti,ads1115, 48", "ti,ina219, 40", "maxim,ds3231, 68"})
    void populatedChip_opensAndFetches_withoutViolations(String vendor, String part, String hexAddress)
            throws Exception {
        SensorNode node = new SensorNode("s0", vendor + "," + part, "i2c1", Integer.parseInt(hexAddress, 16), Map.of());
        buses.addI2cBus("i2c1");
        SimulatedRegisterDevice chip = (SimulatedRegisterDevice) buses.populate(node);

        try (Sensor sensor = factoryFor(node.compatible()).open(node, buses, sleeper)) {
            Measurement m = sensor.fetch();

            assertThat(m.values()).isNotEmpty().containsOnlyKeys(sensor.info().channels());
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void standardAds1115_readsItsFixedInputs_andStandardIna219ItsSolarLoad() throws Exception {
        buses.addI2cBus("i2c1");
        SensorNode adc = new SensorNode("soil0", "ti,ads1115", "i2c1", 0x48, Map.of("input", "1"));
        SensorNode power = new SensorNode("solar0", "ti,ina219", "i2c1", 0x40, Map.of());
        buses.populate(adc);
        buses.populate(power);

        try (Sensor a = factoryFor(adc.compatible()).open(adc, buses, sleeper);
                Sensor p = factoryFor(power.compatible()).open(power, buses, sleeper)) {
            assertThat(a.fetch().get(Channel.VOLTAGE).orElseThrow()).isBetween(1.4999, 1.5001);
            assertThat(p.fetch().get(Channel.CURRENT).orElseThrow()).isBetween(0.849, 0.851);
        }
    }

    @Test
    void standardDs3231_isAFreshClock_untilSet() throws Exception {
        buses.addI2cBus("i2c1");
        SensorNode rtc = new SensorNode("rtc0", "maxim,ds3231", "i2c1", 0x68, Map.of());
        buses.populate(rtc);

        try (Sensor sensor = factoryFor(rtc.compatible()).open(rtc, buses, sleeper)) {
            TimeSource clock = (TimeSource) sensor;

            assertThat(clock.read()).isEmpty();
            clock.set(Instant.parse("2026-07-14T15:00:00Z"));
            assertThat(clock.read()).hasValue(Instant.parse("2026-07-14T15:00:00Z"));
        }
    }

    private static SensorDriverFactory factoryFor(String compatible) {
        return ServiceLoader.load(SensorDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.compatible().contains(compatible))
                .findFirst()
                .orElseThrow();
    }
}
