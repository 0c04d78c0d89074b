// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.stream.Stream;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Factory;
import org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Factory;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBmp280;
import org.fieldnode.drivers.sim.SimulatedBmx280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedSpiBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BME280 and BMP280 factories on a simulated SPI bus (BME280 DS §6.3, BMP280 DS §5.3): the node's bus is SPI, so
 * the factory opens SPI register access, frames every transfer with the RW flag in bit 7, and ignores {@code reg}.
 */
class Bmx280FactorySpiTest {
    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedBusProvider buses =
            new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBmx280.POWER_ON_CONDITIONS, sleeper));
    private final SimulatedSpiBus spi = buses.addSpiBus("spi0");

    static Stream<Arguments> parts() {
        return Stream.of(
                Arguments.of(new Bme280Factory(), "bosch,bme280", new Channel[] {
                    Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY, Channel.PRESSURE
                }),
                Arguments.of(new Bmp280Factory(), "bosch,bmp280", new Channel[] {
                    Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE
                }));
    }

    @AfterEach
    void noLeaks() {
        buses.assertNoOpenHandles();
    }

    @ParameterizedTest
    @MethodSource("parts")
    void open_onAnSpiBus_measuresOverSpi_whatever_reg_says(Bmx280Factory factory, String compatible, Channel[] channels)
            throws Exception {
        SensorNode node = new SensorNode("env0", compatible, "spi0", 0, Map.of("oversampling", "16"));
        SimulatedBmx280 chip = (SimulatedBmx280) buses.populate(node);
        switch (chip) {
            case SimulatedBme280 bme -> bme.setConditions(-3.5, 81.0, 97_250);
            case SimulatedBmp280 bmp -> bmp.setConditions(-3.5, 97_250);
        }

        Measurement m;
        try (Sensor sensor = factory.open(node, buses, sleeper)) {
            assertThat(spi.openHandleCount()).isOne();
            m = sensor.fetch();
        }

        assertThat(m.values()).containsOnlyKeys(channels);
        assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(-3.5, within(0.01));
        assertThat(m.get(Channel.PRESSURE)).hasValueCloseTo(97_250.0, within(0.6));
        m.get(Channel.RELATIVE_HUMIDITY).ifPresent(rh -> assertThat(rh).isCloseTo(81.0, within(0.01)));
        assertThat(spi.transactionCount()).isGreaterThan(5);
        assertThat(chip.conversions()).isOne();
        assertThat(chip.violations()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("parts")
    void open_onAnSpiBusWithNoChip_readsFloatingLines_andSaysNotFound_closingItsHandle(
            Bmx280Factory factory, String compatible, Channel[] channels) {
        SensorNode node = new SensorNode("env0", compatible, "spi0", 0, Map.of());

        assertThatThrownBy(() -> factory.open(node, buses, sleeper))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("chip id 0xFF");
        assertThat(spi.openHandleCount()).isZero();
    }
}
