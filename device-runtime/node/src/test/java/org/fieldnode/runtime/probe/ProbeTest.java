// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {
    @TempDir
    Path root;

    private static final List<SensorNode> EVERY_I2C_CHIP = List.of(
            node("bosch,bme280", 0x76),
            node("bosch,bmp280", 0x77),
            node("sensirion,sht3x", 0x44),
            node("sensirion,sht4x", 0x45),
            node("sensirion,scd4x", 0x62),
            node("rohm,bh1750", 0x23),
            node("ti,ads1115", 0x48),
            node("ti,ina219", 0x40),
            node("maxim,ds3231", 0x68));

    private static SensorNode node(String compatible, int address) {
        return new SensorNode("s" + address, compatible, "i2c1", address, Map.of());
    }

    @Test
    void scan_identifiesEveryKnownChip_andBreaksNoDatasheetRule() {
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1));
        buses.addI2cBus("i2c1");
        List<SimulatedDevice> chips = new ArrayList<>();
        EVERY_I2C_CHIP.forEach(n -> chips.add(buses.populateDevice(n)));

        List<Finding> findings = new I2cProbe(buses, Sleeper.system()).scan("i2c1");

        assertThat(findings)
                .extracting(Finding::address, f -> f.compatible().orElseThrow(), Finding::confirmed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0x23, "rohm,bh1750", false),
                        org.assertj.core.groups.Tuple.tuple(0x40, "ti,ina219", true),
                        org.assertj.core.groups.Tuple.tuple(0x44, "sensirion,sht3x", true),
                        org.assertj.core.groups.Tuple.tuple(0x45, "sensirion,sht4x", true),
                        org.assertj.core.groups.Tuple.tuple(0x48, "ti,ads1115", false),
                        org.assertj.core.groups.Tuple.tuple(0x62, "sensirion,scd4x", true),
                        org.assertj.core.groups.Tuple.tuple(0x68, "maxim,ds3231", true),
                        org.assertj.core.groups.Tuple.tuple(0x76, "bosch,bme280", true),
                        org.assertj.core.groups.Tuple.tuple(0x77, "bosch,bmp280", true));
        // The one command the probe must send to a chip that is not its own: telling an SHT3x from an SHT4x at
        // 0x44/0x45 takes the SHT3x serial-number command first, which an SHT4x refuses (NACK) and ignores.
        assertThat(chips)
                .allSatisfy(c -> assertThat(c.violations())
                        .as(c.toString())
                        .isSubsetOf("SHT4x commands are one byte; 0x37 came with 0x80"));
        buses.assertNoOpenHandles();
    }

    @Test
    void host_withoutBuses_findsNothing() {
        ProbeResult result = Probe.host(new HostBuses(root), board -> {
            throw new AssertionError("no adapter, so no Pi4J");
        });

        assertThat(result.isEmpty()).isTrue();
        assertThat(ProfileSnippet.of(result)).contains("No I2C buses, 1-Wire thermometers or serial ports");
    }

    @Test
    void host_listsAdaptersThermometersAndSerialPorts_andScansThroughTheProvider() throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/i2c-1"));
        Files.createFile(root.resolve("dev/serial0"));
        Files.createFile(root.resolve("dev/ttyUSB0"));
        Files.createFile(root.resolve("dev/tty1"));
        Files.createDirectories(root.resolve("sys/bus/w1/devices/28-0316a2797eff"));
        Files.createDirectories(root.resolve("sys/bus/w1/devices/w1_bus_master1"));
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(InstantSource.system(), Sleeper.system(), 1));
        buses.addI2cBus("i2c1");
        buses.populateDevice(node("bosch,bme280", 0x77));

        ProbeResult result = Probe.host(new HostBuses(root), board -> {
            assertThat(board.i2cBus("i2c1").number()).isEqualTo(1);
            return buses;
        });

        assertThat(result.i2cBuses()).singleElement().satisfies(bus -> {
            assertThat(bus.name()).isEqualTo("i2c1");
            assertThat(bus.findings()).extracting(Finding::compatible).containsExactly(Optional.of("bosch,bme280"));
        });
        assertThat(result.oneWire()).hasValueSatisfying(w -> {
            assertThat(w.thermometers()).containsExactly("28-0316a2797eff");
            assertThat(w.root()).contains("/sys/bus/w1/devices");
        });
        assertThat(result.serialPorts())
                .extracting(ProbeResult.SerialPort::device)
                .containsExactly(Optional.of("/dev/serial0"), Optional.of("/dev/ttyUSB0"));
        assertThat(ProfileSnippet.of(result))
                .contains("  i2c1: { kind: i2c, bus: 1 }\n")
                .contains("  w1: { kind: onewire }\n")
                .contains("  serial0: { kind: uart, device: /dev/serial0 }\n")
                .contains("  - { id: bme280_0, compatible: \"bosch,bme280\", bus: i2c1, reg: 0x77 }\n")
                .contains("  - { id: ds18b20_0, compatible: \"maxim,ds18b20\", bus: w1, properties: { rom:"
                        + " 28-0316a2797eff } }\n");
    }

    @Test
    void host_reportsAnAdapterThisUserMayNotOpen() throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Path adapter = Files.createFile(root.resolve("dev/i2c-1"));
        assertThat(adapter.toFile().setReadable(false, false)).isTrue();
        assumeFalse(Files.isReadable(adapter), "running as root: file permissions do not apply");

        ProbeResult result = Probe.host(new HostBuses(root), board -> {
            throw new AssertionError("nothing to open");
        });

        assertThat(ProfileSnippet.of(result))
                .contains("# i2c1 (/dev/i2c-1): not readable and writable by this user (add it to the i2c group)");
    }
}
