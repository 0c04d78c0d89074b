// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Factory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a real Raspberry Pi with a BME280 on {@code /dev/i2c-1}: the whole chain profile node → factory →
 * {@link Pi4jBusProvider} → Pi4J linuxfs → kernel → chip. Excluded by default; see {@code HARDWARE-TESTS.md}.
 *
 * <p>System properties: {@code fieldnode.hw.bme280} (address, default {@code 0x76}) and {@code fieldnode.hw.empty}
 * (an address where nothing is wired, default {@code 0x77}).
 */
@Tag("hardware")
class Pi4jBme280HardwareTest {
    private static final int BME280 = Integer.decode(System.getProperty("fieldnode.hw.bme280", "0x76"));
    private static final int EMPTY = Integer.decode(System.getProperty("fieldnode.hw.empty", "0x77"));

    @Test
    void bme280_onI2c1_givesPlausibleIndoorOrOutdoorValues() throws Exception {
        SensorNode node = new SensorNode("env0", Bme280Factory.COMPATIBLE, "i2c1", BME280, Map.of());
        try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi());
                Sensor sensor = new Bme280Factory().open(node, buses, Sleeper.system())) {
            Measurement first = sensor.fetch();
            Measurement second = sensor.fetch();

            for (Measurement m : new Measurement[] {first, second}) {
                // DS §1: operating range -40..85 °C, 300..1100 hPa, 0..100 %RH.
                assertThat(m.get(Channel.AMBIENT_TEMPERATURE).orElseThrow()).isBetween(-40.0, 85.0);
                assertThat(m.get(Channel.PRESSURE).orElseThrow()).isBetween(30_000.0, 110_000.0);
                assertThat(m.get(Channel.RELATIVE_HUMIDITY).orElseThrow()).isBetween(0.0, 100.0);
            }
            assertThat(second.get(Channel.AMBIENT_TEMPERATURE).orElseThrow())
                    .isCloseTo(first.get(Channel.AMBIENT_TEMPERATURE).orElseThrow(), within(2.0));
        }
    }

    @Test
    void anAddressWhereNothingIsWired_isAPermanentBusException() throws Exception {
        SensorNode node = new SensorNode("ghost", Bme280Factory.COMPATIBLE, "i2c1", EMPTY, Map.of());
        try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi())) {
            assertThatThrownBy(() -> new Bme280Factory().open(node, buses, Sleeper.system()))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("nothing acknowledges");
            assertThat(buses.openHandleCount()).isZero();
        }
    }

    @Test
    void closingTheProvider_releasesTheBus_soANewProviderCanOpenItAgain() throws Exception {
        SensorNode node = new SensorNode("env0", Bme280Factory.COMPATIBLE, "i2c1", BME280, Map.of());
        for (int round = 0; round < 3; round++) {
            try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi());
                    Sensor sensor = new Bme280Factory().open(node, buses, Sleeper.system())) {
                assertThat(sensor.fetch().values()).containsKey(Channel.PRESSURE);
            }
        }
    }

    @Test
    void theHeadersGpioChip_isFoundByLabel() {
        try (Pi4jBusProvider buses = Pi4jBusProvider.open(BoardBuses.raspberryPi())) {
            assertThat(buses.gpioChip())
                    .hasValueSatisfying(chip -> assertThat(chip.label()).isIn(BoardBuses.RASPBERRY_PI_GPIO_LABELS));
        }
    }
}
