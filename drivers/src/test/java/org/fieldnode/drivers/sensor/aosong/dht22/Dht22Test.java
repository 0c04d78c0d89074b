// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.aosong.dht22;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.linux.SysfsIioDevice;
import org.fieldnode.drivers.bus.linux.SysfsReader;
import org.fieldnode.drivers.sim.Conditions;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedDht22;
import org.fieldnode.drivers.sim.SimulatedIioBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dht22Test {
    private static final SensorInfo INFO =
            new SensorInfo("th0", "aosong,dht22", Set.of(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY));

    private final SimulatedIioBus iio = new SimulatedIioBus("iio");
    private final SimulatedDht22 chip = new SimulatedDht22(() -> new Conditions(-7.26, 63.44, 101_000));

    @AfterEach
    void hygiene() {
        iio.assertNoOpenHandles();
    }

    @Test
    void fetch_convertsKernelMilliUnits_atTheDht22Resolution() throws Exception {
        iio.attach(chip);
        try (Dht22 sensor = new Dht22(INFO, iio.open("dht11", "th0"))) {
            Measurement m = sensor.fetch();
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(-7.3);
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValue(63.4);
        }
    }

    @Test
    void kernelErrors_areTransient_andTheNextReadWorks() throws Exception {
        iio.attach(chip);
        try (Dht22 sensor = new Dht22(INFO, iio.open("dht11", "th0"))) {
            for (LineFault fault : new LineFault[] {LineFault.CRC_ERROR, LineFault.TIMEOUT, LineFault.SHORT_READ}) {
                chip.failNext(1, fault);
                assertThatThrownBy(sensor::fetch)
                        .as("%s", fault)
                        .isInstanceOfSatisfying(
                                BusException.class,
                                e -> assertThat(e.isTransient()).isTrue());
            }
            chip.disconnect();
            assertThatThrownBy(sensor::fetch).hasMessageContaining("Connection timed out");
            chip.reconnect();
            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void implausibleValues_areRejected() throws Exception {
        iio.attach(chip);
        chip.setConditions(new Conditions(95, 40, 101_000));
        try (Dht22 sensor = new Dht22(INFO, iio.open("dht11", "th0"))) {
            assertThatThrownBy(sensor::fetch).hasMessageContaining("implausible");
        }
    }

    @Test
    void absentDevice_isNotFound() {
        assertThatThrownBy(() -> iio.open("dht11", "th0")).isInstanceOf(DeviceNotFoundException.class);
    }

    @Test
    void overSysfs_findsTheDeviceByName_andMapsErrnoText(@TempDir Path root) throws Exception {
        Path devices = root.resolve("sys/bus/iio/devices");
        Path adc = Files.createDirectories(devices.resolve("iio:device0"));
        Files.writeString(adc.resolve("name"), "ads1015\n");
        Path dht = Files.createDirectories(devices.resolve("iio:device1"));
        Files.writeString(dht.resolve("name"), "dht11@4\n");
        Files.writeString(dht.resolve("in_temp_input"), "23400\n");
        Files.writeString(dht.resolve("in_humidityrelative_input"), "41700\n");

        try (Dht22 sensor = new Dht22(INFO, SysfsIioDevice.open(devices, "dht11", "th0"))) {
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(23.4);
            assertThat(sensor.fetch().get(Channel.RELATIVE_HUMIDITY)).hasValue(41.7);
        }

        SysfsReader failing = path -> {
            if (path.endsWith("in_temp_input")) {
                throw new IOException("Input/output error");
            }
            return Files.readString(path);
        };
        try (Dht22 sensor = new Dht22(INFO, SysfsIioDevice.open(devices, "dht11", "th0", failing))) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        SysfsReader denied = path -> {
            if (path.endsWith("in_temp_input")) {
                throw new IOException("Permission denied");
            }
            return Files.readString(path);
        };
        try (Dht22 sensor = new Dht22(INFO, SysfsIioDevice.open(devices, "dht11", "th0", denied))) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
        }
        assertThatThrownBy(() -> SysfsIioDevice.open(devices, "bme280", "th0"))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("ads1015");
    }

    @Test
    void factory_bindsOnTheSimulatedProvider() throws Exception {
        FakeSleeper clock = new FakeSleeper();
        SimulatedChips chips = SimulatedChips.standard(() -> new Conditions(21.05, 55.0, 101_000), clock);
        SensorNode node = new SensorNode("th0", "aosong,dht22", "iio", 0, Map.of());
        try (SimulatedBusProvider provider = SimulatedBusProvider.populatedWith(chips, java.util.List.of(node));
                var sensor = new Dht22Factory().open(node, provider, clock)) {
            assertThat(sensor.info().channels())
                    .containsExactlyInAnyOrder(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
            assertThat(sensor.fetch().get(Channel.RELATIVE_HUMIDITY)).hasValue(55.0);
        }
    }
}
