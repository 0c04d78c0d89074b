// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.linux.SysfsOneWireBus;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedDs18b20;
import org.fieldnode.drivers.sim.SimulatedOneWireLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ds18b20Test {
    private static final SensorInfo INFO =
            new SensorInfo("soil0", "maxim,ds18b20", Set.of(Channel.AMBIENT_TEMPERATURE));

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedOneWireLine line = new SimulatedOneWireLine("w1", clock);
    private final SimulatedDs18b20 soil = new SimulatedDs18b20(0x0316_a279_7effL, () -> 12.5);
    private final SimulatedDs18b20 water = new SimulatedDs18b20(0x0417_0000_1234L, () -> -3.25);

    @AfterEach
    void hygiene() {
        line.assertNoOpenHandles();
    }

    private Ds18b20 open(String rom) throws Exception {
        return Ds18b20.open(INFO, line.open("soil0"), rom);
    }

    @Test
    void severalProbes_areToldApartByRomId() throws Exception {
        line.attach(soil);
        line.attach(water);
        assertThat(soil.id()).isEqualTo("28-0316a2797eff");

        try (Ds18b20 a = open("28-0316a2797eff");
                Ds18b20 b = open("28-041700001234")) {
            assertThat(a.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(12.5);
            assertThat(b.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-3.25);
        }
    }

    @Test
    void aLoneProbe_needsNoRom_butSeveralDo() throws Exception {
        line.attach(soil);
        try (Ds18b20 sensor = open(null)) {
            assertThat(sensor.rom()).isEqualTo(soil.id());
        }
        line.attach(water);
        assertThatThrownBy(() -> open(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties.rom");
        assertThatThrownBy(() -> open("28-xyz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties.rom");
    }

    @Test
    void lowerResolution_isMaskedToItsStep() throws Exception {
        line.attach(soil);
        soil.setCelsius(21.3);
        try (Ds18b20 sensor = open(soil.id())) {
            soil.setResolution(9);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(21.0);
            soil.setResolution(10);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(21.25);
            soil.setResolution(12);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(21.25);
            assertThat(soil.conversionTime().toMillis()).isEqualTo(750);
        }
    }

    @Test
    void faults_areTransient_andTheNextReadRecovers() throws Exception {
        line.attach(soil);
        try (Ds18b20 sensor = open(soil.id())) {
            for (LineFault fault : new LineFault[] {LineFault.CRC_ERROR, LineFault.TIMEOUT, LineFault.SHORT_READ}) {
                soil.failNext(1, fault);
                assertThatThrownBy(sensor::fetch)
                        .as("%s", fault)
                        .isInstanceOfSatisfying(
                                BusException.class,
                                e -> assertThat(e.isTransient()).isTrue());
            }
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(12.5);
        }
    }

    @Test
    void stuckValue_repeatsTheLastReading() throws Exception {
        line.attach(soil);
        try (Ds18b20 sensor = open(soil.id())) {
            sensor.fetch();
            soil.setCelsius(30.0);
            soil.failNext(1, LineFault.STUCK_VALUE);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(12.5);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(30.0);
        }
    }

    @Test
    void powerOnValue_isRejected_butARealHotReadingIsNot() throws Exception {
        line.attach(soil);
        try (Ds18b20 sensor = open(soil.id())) {
            soil.resetDuringNextConversion();
            assertThatThrownBy(sensor::fetch).isInstanceOf(DataNotReadyException.class);

            soil.setCelsius(85.0); // converted 85 °C: byte 6 is 0x10, not 0x0C, but no history yet
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOf(DataNotReadyException.class)
                    .hasMessageContaining("no earlier reading");
            soil.setCelsius(84.5);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(84.5);
            soil.setCelsius(85.0);
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(85.0);
        }
    }

    @Test
    void disconnect_isNotFound_andReconnectRecovers() throws Exception {
        line.attach(soil);
        try (Ds18b20 sensor = open(soil.id())) {
            line.detach(soil.id());
            assertThatThrownBy(sensor::fetch).isInstanceOf(DeviceNotFoundException.class);
            line.attach(soil);
            assertThat(sensor.fetch().values()).containsKey(Channel.AMBIENT_TEMPERATURE);
        }
    }

    @Test
    void absentProbe_isNotFound_andTheHandleIsClosed() {
        line.attach(water);
        assertThatThrownBy(() -> open("28-0316a2797eff"))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("28-041700001234");
        line.detach(water.id());
        assertThatThrownBy(() -> open(null)).isInstanceOf(DeviceNotFoundException.class);
        assertThat(line.openHandleCount()).isZero();
    }

    @Test
    void romCode_carriesItsCrc() {
        byte[] rom = soil.romCode();
        assertThat(rom[0]).isEqualTo((byte) 0x28);
        assertThat(rom[1]).isEqualTo((byte) 0xFF); // serial LSB first
        assertThat(DallasCrc8.of(rom, 0, 8)).isZero();
    }

    @Test
    void overTheSysfsTree_readsWhatTheKernelWrote(@TempDir Path root) throws Exception {
        Path devices = root.resolve("sys/bus/w1/devices");
        Files.createDirectories(devices.resolve("w1_bus_master1"));
        for (SimulatedDs18b20 probe : new SimulatedDs18b20[] {soil, water}) {
            Path dir = Files.createDirectories(devices.resolve(probe.id()));
            Files.writeString(dir.resolve("w1_slave"), SimulatedDs18b20.w1SlaveText(probe.convert()));
        }
        Files.createDirectories(devices.resolve("10-000801b5e2a1")); // a DS18S20: another family

        SysfsOneWireBus bus = new SysfsOneWireBus(devices, "soil0");
        assertThat(bus.devices(0x28)).containsExactly("28-0316a2797eff", "28-041700001234");
        try (Ds18b20 sensor = Ds18b20.open(INFO, bus, "28-041700001234")) {
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-3.25);
        }
        assertThatThrownBy(() -> bus.devices(0x28)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void factory_bindsThroughTheSimulatedProvider() throws Exception {
        SimulatedChips chips =
                SimulatedChips.standard(() -> new org.fieldnode.drivers.sim.Conditions(19.0, 50, 101_325), clock);
        SensorNode node = new SensorNode("soil0", "maxim,ds18b20", "w1", 0, Map.of("rom", "28-0316a2797eff"));
        try (SimulatedBusProvider provider = new SimulatedBusProvider(chips)) {
            provider.populateDevice(node);
            try (var sensor = new Ds18b20Factory().open(node, provider, clock)) {
                assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE).getAsDouble())
                        .isCloseTo(19.0, org.assertj.core.api.Assertions.within(0.0625));
            }
            provider.assertNoOpenHandles();
        }
    }
}
