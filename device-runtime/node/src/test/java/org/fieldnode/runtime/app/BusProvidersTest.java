// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.bus.BusProvider;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.aosong.dht22.Dht22Factory;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Factory;
import org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Factory;
import org.fieldnode.drivers.sensor.maxim.ds18b20.Ds18b20Factory;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus provider a profile gets: simulated, real (sysfs trees in a temporary directory), or both. */
class BusProvidersTest {
    private final ProfileLoader loader = new ProfileLoader(
            Set.of("bosch,bme280", "bosch,bmp280", "maxim,ds18b20", "aosong,dht22", "plantower,pms5003"));

    @TempDir
    Path sys;

    private Profile profile(String yaml) throws Exception {
        return loader.parse("kit.yaml", yaml.replace("$SYS", sys.toString()));
    }

    private static SensorConfig sensor(Profile profile, String id) {
        return profile.sensors().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void allSimulated_isTheSimulatedProvider_withEveryKindPopulated() throws Exception {
        Profile profile = profile("""
                board: simulated
                buses:
                  i2c1: { kind: i2c, simulated: true }
                  serial0: { kind: uart, simulated: true }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                  - { id: air0, compatible: "plantower,pms5003", bus: serial0 }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThat(buses).isInstanceOf(SimulatedBusProvider.class);
            try (Sensor env = new Bme280Factory().open(sensor(profile, "env0").toNode(), buses, Sleeper.system())) {
                assertThat(env.fetch().values()).containsKey(Channel.AMBIENT_TEMPERATURE);
            }
            assertThat(((SimulatedBusProvider) buses).otherBuses().uart("serial0"))
                    .isNotNull();
        }
    }

    @Test
    void aBoschSensorOnASimulatedSpiBus_isOpenedOverSpi_withoutReg() throws Exception {
        Profile profile = profile("""
                board: simulated
                buses:
                  spi0: { kind: spi, simulated: true }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: spi0 }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThat(buses.busKind("spi0")).contains(BusKind.SPI);
            try (Sensor env = new Bme280Factory().open(sensor(profile, "env0").toNode(), buses, Sleeper.system())) {
                assertThat(env.fetch().values())
                        .containsOnlyKeys(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY, Channel.PRESSURE);
            }
            assertThat(((SimulatedBusProvider) buses).spiBus("spi0").transactionCount())
                    .isPositive();
        }
    }

    @Test
    void aSimulatedSpiBus_besideRealBuses_isRoutedThere_andTheBoardNamesEveryBusKind() throws Exception {
        Profile profile = profile("""
                board: raspberry-pi-4
                buses:
                  w1: { kind: onewire, root: $SYS }
                  spi0: { kind: spi, simulated: true }
                sensors:
                  - { id: baro0, compatible: "bosch,bmp280", bus: spi0 }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThat(buses).isInstanceOf(BoardBusProvider.class);
            assertThat(buses.busKind("spi0")).contains(BusKind.SPI);
            assertThat(buses.busKind("w1")).contains(BusKind.ONE_WIRE);
            assertThat(buses.busKind("i2c1")).isEmpty();
            try (Sensor baro = new Bmp280Factory().open(sensor(profile, "baro0").toNode(), buses, Sleeper.system())) {
                assertThat(baro.fetch().values()).containsOnlyKeys(Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE);
            }
        }
    }

    @Test
    void realOneWireAndIio_areReadFromTheirSysfsRoots_besideASimulatedI2cBus() throws Exception {
        Path w1 = Files.createDirectories(sys.resolve("w1/28-0316a2797eff"));
        Files.writeString(
                w1.resolve("w1_slave"),
                "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        Path iio = Files.createDirectories(sys.resolve("iio/iio:device0"));
        Files.writeString(iio.resolve("name"), "dht11\n");
        Files.writeString(iio.resolve("in_temp_input"), "21400\n");
        Files.writeString(iio.resolve("in_humidityrelative_input"), "55300\n");
        Profile profile = profile("""
                board: raspberry-pi-4
                buses:
                  i2c1: { kind: i2c, simulated: true }
                  w1: { kind: onewire, root: $SYS/w1 }
                  iio: { kind: iio, root: $SYS/iio }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                  - { id: soil0, compatible: "maxim,ds18b20", bus: w1 }
                  - { id: dht0, compatible: "aosong,dht22", bus: iio }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThat(buses).isInstanceOf(BoardBusProvider.class);
            try (Sensor soil =
                            new Ds18b20Factory().open(sensor(profile, "soil0").toNode(), buses, Sleeper.system());
                    Sensor dht = new Dht22Factory().open(sensor(profile, "dht0").toNode(), buses, Sleeper.system());
                    Sensor env =
                            new Bme280Factory().open(sensor(profile, "env0").toNode(), buses, Sleeper.system())) {
                assertThat(soil.fetch().values()).isEqualTo(Map.of(Channel.AMBIENT_TEMPERATURE, 23.125));
                Measurement m = dht.fetch();
                assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(21.4);
                assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValue(55.3);
                assertThat(env.fetch().values()).containsKey(Channel.PRESSURE);
            }
        }
    }

    @Test
    void aDriverOnABusOfAnotherKind_isToldWhichKindItNeeds() throws Exception {
        Profile profile = profile("""
                board: raspberry-pi-4
                buses:
                  w1: { kind: onewire, root: $SYS }
                  iio: { kind: iio, root: $SYS }
                sensors:
                  - { id: soil0, compatible: "maxim,ds18b20", bus: iio }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThatThrownBy(() ->
                            new Ds18b20Factory().open(sensor(profile, "soil0").toNode(), buses, Sleeper.system()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("soil0: the driver needs a onewire bus, but 'iio' is a iio bus");
        }
    }

    @Test
    void aRealI2cBusThatIsMissing_isAPermanentBusError() throws Exception {
        Profile profile = profile("""
                board: raspberry-pi-4
                buses:
                  i2c9: { kind: i2c, bus: 99 }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c9, reg: 0x76 }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThatThrownBy(() ->
                            new Bme280Factory().open(sensor(profile, "env0").toNode(), buses, Sleeper.system()))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("/dev/i2c-99");
        }
    }

    @Test
    void aBoschSensorOnARealSpiBusThatIsMissing_isAPermanentBusErrorNamingTheSpiDevice() throws Exception {
        Profile profile = profile("""
                board: raspberry-pi-4
                buses:
                  spi1: { kind: spi, bus: 1, chip-select: 2 }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: spi1 }
                """);

        try (BusProvider buses = BusProviders.forProfile(profile)) {
            assertThatThrownBy(() ->
                            new Bme280Factory().open(sensor(profile, "env0").toNode(), buses, Sleeper.system()))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("/dev/spidev1.2");
        }
    }
}
