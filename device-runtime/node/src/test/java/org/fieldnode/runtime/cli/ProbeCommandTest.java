// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {
    @TempDir
    Path dir;

    private static final String KIT = """
            board: simulated
            buses:
              i2c1: { kind: i2c, simulated: true }
              w1: { kind: onewire, simulated: true }
              serial0: { kind: uart, simulated: true }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
              - { id: th0, compatible: "sensirion,sht3x", bus: i2c1, reg: 0x44 }
              - { id: co2, compatible: "sensirion,scd4x", bus: i2c1, reg: 0x62 }
              - { id: sun0, compatible: "ti,ina219", bus: i2c1, reg: 0x41 }
              - { id: rtc0, compatible: "maxim,ds3231", bus: i2c1, reg: 0x68 }
              - { id: soil0, compatible: "maxim,ds18b20", bus: w1, properties: { rom: 28-0316a2797eff } }
              - { id: air0, compatible: "plantower,pms5003", bus: serial0 }
            """;

    @Test
    void simulate_findsTheDeclaredChips_andPrintsASnippetTheLoaderAccepts() throws Exception {
        Path kit = dir.resolve("kit.yaml");
        Files.writeString(kit, KIT);

        CliRun run = CliRun.of("probe", "--simulate", kit.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err)
                .isEqualTo("probe: simulated=true i2c-buses=1 devices=5 identified=5 w1=1 serial=1 modbus-slaves=0"
                        + System.lineSeparator());
        Set<String> compatibles = DriverRegistry.load().compatibles();
        Profile declared = new ProfileLoader(compatibles).parse("kit.yaml", KIT);
        Profile found = new ProfileLoader(compatibles).parse("probe", "board: found\n" + run.out);
        assertThat(found.sensors())
                .extracting(SensorConfig::compatible, SensorConfig::bus, SensorConfig::address)
                .containsExactlyInAnyOrderElementsOf(declared.sensors().stream()
                        .filter(s -> !s.bus().equals("serial0")) // a UART sensor cannot be identified
                        .map(s -> org.assertj.core.groups.Tuple.tuple(s.compatible(), s.bus(), s.address()))
                        .toList());
        assertThat(run.out).contains("# - { id: air0, compatible: \"plantower,pms5003\", bus: serial0 }");
    }

    @Test
    void onAMachineWithoutBuses_saysSo_andExits0() {
        CliRun run = CliRun.of("probe", "--root", dir.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("# No I2C buses, 1-Wire thermometers or serial ports on this machine.");
        assertThat(run.err).startsWith("probe: simulated=false i2c-buses=0 devices=0");
    }

    @Test
    void simulate_withABadProfile_exits2() throws Exception {
        Path kit = dir.resolve("kit.yaml");
        Files.writeString(kit, "board: x\nbuses: { i2c1: { kind: i2c, simulated: true } }\nsensors: [ ]\nextra: 1\n");

        CliRun run = CliRun.of("probe", "--simulate", kit.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains(kit + ":4:1: extra: unknown key");
    }

    @Test
    void help() {
        CliRun run = CliRun.of("probe", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
                .contains("Usage: fieldnode probe")
                .contains("--simulate")
                .doesNotContain("--root");
    }
}
