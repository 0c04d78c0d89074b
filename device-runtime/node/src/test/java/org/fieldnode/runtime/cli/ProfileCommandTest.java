// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fieldnode profile check}: located problems with suggestions and exit 2, or an ok line and exit 0. */
class ProfileCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void check_goodProfile_printsOkLine() throws Exception {
        Path kit = write("kit.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                  - { id: lux0, compatible: "rohm,bh1750", bus: i2c1, reg: 0x23, status: disabled }
                """);

        CliRun run = CliRun.of("profile", "check", kit.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_OK);
        assertThat(run.out).isEqualTo("profile: ok sensors=2 enabled=1 board=simulated source=" + kit + "\n");
        assertThat(run.err).isEmpty();
    }

    /** Issue 15 item 2: a BME280 at 0x48 used to pass ({@code profile: ok}) and then never open. */
    @Test
    void check_aSensorAtAnAddressItsPartNeverAnswersAt_namesTheAllowedOnes_exit2() throws Exception {
        Path kit = write("kit.yaml", """
                board: my-station
                buses:
                  i2c1: { kind: i2c, bus: 1 }
                  serial0: { kind: uart, device: /dev/serial0 }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x48 }
                  - { id: env1, compatible: "bosch,bme280", bus: serial0 }
                """);

        CliRun run = CliRun.of("profile", "check", kit.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines())
                .containsExactly(
                        kit + ":6:61: sensors[0].reg: bosch,bme280 answers at 0x76 or 0x77, got 0x48",
                        kit + ":7:50: sensors[1].bus: bosch,bme280 works on i2c and spi buses, not on serial0 (kind:"
                                + " uart)",
                        "fieldnode profile check: 2 problem(s) in " + kit);
    }

    @Test
    void check_misspeltKeyDriverAndUnit_locatedWithSuggestions_exit2() throws Exception {
        Path kit = write("kit.yaml", """
                board: simulated
                buses:
                  i2c1: { kind: i2c, simulated: true }
                sensors:
                  - id: env0
                    compatible: bosch,bme208
                    bus: i2c1
                    reg: 0x76
                    intervall: 5s
                  - id: env1
                    compatible: bosch,bme280
                    bus: i2c1
                    reg: 0x77
                    interval: 5 minutes
                queue:
                  disk-budget: 64MB
                """);

        CliRun run = CliRun.of("profile", "check", kit.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines())
                .containsExactly(
                        kit + ":9:5: sensors[0].intervall: unknown key, did you mean interval? (expected one of id,"
                                + " compatible, bus, reg, interval, status, properties, pipeline, personal)",
                        kit + ":6:17: sensors[0].compatible: no driver for 'bosch,bme208', did you mean bosch,bme280?",
                        kit + ":14:15: sensors[1].interval: expected a duration such as 500ms, 20s, 5m, 1h or 1d,"
                                + " got '5 minutes': unknown unit 'minutes', did you mean 5m?",
                        kit + ":16:16: queue.disk-budget: expected a size such as 512KiB, 64MiB or 1GiB, got '64MB':"
                                + " unknown unit 'MB', did you mean 64MiB?",
                        "fieldnode profile check: 4 problem(s) in " + kit);
    }

    @Test
    void check_severalFiles_reportsEach_andExit2WhenOneIsBad() throws Exception {
        Path good = write("good.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors: [ { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 } ]
                """);
        Path bad = write("bad.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors: [ { id: env0, compatible: "acme,thing", bus: i2c1, reg: 0x76 } ]
                """);

        CliRun run = CliRun.of(
                "profile",
                "check",
                good.toString(),
                bad.toString(),
                dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out).contains("profile: ok sensors=1 enabled=1 board=simulated source=" + good);
        assertThat(run.err)
                .contains(bad + ":3:36: sensors[0].compatible: no driver for 'acme,thing'")
                .contains("nope.yaml:1:1: no such profile: not a file, and not a built-in profile")
                .doesNotContain("Exception");
    }

    @Test
    void check_flowMappingComma_isExplained() throws Exception {
        Path kit = write("kit.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors: [ { id: env0, compatible: bosch,bme280, bus: i2c1, reg: 0x76 } ]
                """);

        CliRun run = CliRun.of("profile", "check", kit.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err)
                .contains("sensors[0].compatible: no driver for 'bosch'; inside { } a comma ends a value: write"
                        + " compatible: \"bosch,bme280\"");
    }

    @Test
    void check_withoutFiles_isAUsageError() {
        CliRun run = CliRun.of("profile", "check");

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("Missing required parameter");
    }

    @Test
    void show_unknownName_suggests() {
        CliRun run = CliRun.of("profile", "show", "no-such-kit");

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).startsWith("fieldnode profile show: no built-in profile 'no-such-kit'");
    }
}
