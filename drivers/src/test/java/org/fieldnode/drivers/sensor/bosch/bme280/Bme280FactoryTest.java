// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bme280FactoryTest {
    private static final SensorNode ENV0 =
            new SensorNode("env0", "bosch,bme280", "i2c1", 0x76, Map.of("oversampling", "2", "filter", "4"));

    private final FakeSleeper sleeper = new FakeSleeper();
    private final InstantSource afternoon = InstantSource.fixed(Instant.parse("2026-07-14T15:00:00Z"));
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(afternoon, sleeper, 2026));

    @BeforeEach
    void declareBus() {
        buses.addI2cBus("i2c1");
    }

    @AfterEach
    void noLeaks() {
        buses.assertNoOpenHandles();
    }

    @Test
    void serviceLoader_resolvesBoschBme280ToThisFactory() {
        List<SensorDriverFactory> matches = ServiceLoader.load(SensorDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.compatible().contains("bosch,bme280"))
                .toList();

        assertThat(matches).singleElement().isInstanceOf(Bme280Factory.class);
        assertThat(matches.getFirst().channels())
                .containsExactlyInAnyOrder(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY, Channel.PRESSURE);
    }

    /** Issue 14: the profile check refuses a bus the factory does not declare; both of the chip's are declared. */
    @Test
    void declares_i2cAsItsUsualBus_andSpiBeside() {
        assertThat(new Bme280Factory().busKind()).isEqualTo(BusKind.I2C);
        assertThat(new Bme280Factory().busKinds()).containsExactlyInAnyOrder(BusKind.I2C, BusKind.SPI);
        assertThat(new org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Factory().busKinds())
                .containsExactlyInAnyOrder(BusKind.I2C, BusKind.SPI);
    }

    @Test
    void populatedSimulation_givesPlausibleAfternoonValuesInSenmlUnits() throws Exception {
        SimulatedBme280 chip = (SimulatedBme280) buses.populate(ENV0);

        try (Sensor sensor = new Bme280Factory().open(ENV0, buses, sleeper)) {
            Measurement m = sensor.fetch();

            assertThat(sensor.info().id()).isEqualTo("env0");
            assertThat(m.values()).containsOnlyKeys(sensor.info().channels());
            assertThat(m.values().keySet())
                    .extracting(c -> c.unit().senml())
                    .containsExactlyInAnyOrder("Cel", "%RH", "Pa");
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE).orElseThrow()).isBetween(26.0, 30.0);
            assertThat(m.get(Channel.RELATIVE_HUMIDITY).orElseThrow()).isBetween(36.0, 45.0);
            assertThat(m.get(Channel.PRESSURE).orElseThrow()).isBetween(100_000.0, 102_700.0);
        }
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void open_whenNothingAnswers_closesItsHandleAndThrows() {
        SensorNode absent = new SensorNode("env1", "bosch,bme280", "i2c1", 0x77, Map.of());

        assertThatThrownBy(() -> new Bme280Factory().open(absent, buses, sleeper))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("env1");
    }

    @Test
    void open_whenAnotherPartAnswers_closesItsHandleAndThrows() {
        ((SimulatedBme280) buses.populate(ENV0)).setChipId(0x58);

        assertThatThrownBy(() -> new Bme280Factory().open(ENV0, buses, sleeper))
                .isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void open_withBadProperty_namesTheKeyAndOpensNothing() {
        buses.populate(ENV0);
        SensorNode bad = new SensorNode("env0", "bosch,bme280", "i2c1", 0x76, Map.of("filter", "5"));

        assertThatThrownBy(() -> new Bme280Factory().open(bad, buses, sleeper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter:");
    }

    @Test
    void open_atAnAddressNoBme280Has_namesReg() {
        SensorNode wrong = new SensorNode("env0", "bosch,bme280", "i2c1", 0x40, Map.of());

        assertThatThrownBy(() -> new Bme280Factory().open(wrong, buses, sleeper))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reg:");
    }
}
