// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DriversCommandTest {
    @Test
    void table_listsEveryCatalogueDriver_withBusAddressesAndUnits() {
        CliRun run = CliRun.of("drivers");

        assertThat(run.exitCode).isZero();
        assertThat(run.out.lines().findFirst())
                .hasValueSatisfying(
                        header -> assertThat(header).matches("COMPATIBLE\\s+BUS\\s+ADDRESSES\\s+QUANTITIES"));
        assertThat(run.out)
                .containsPattern("(?m)^bosch,bme280\\s+i2c\\s+0x76 0x77\\s+temperature \\(Cel\\), humidity \\(%RH\\),"
                        + " pressure \\(Pa\\)$")
                .containsPattern(
                        "(?m)^ti,ina219\\s+i2c\\s+0x40-0x4f\\s+voltage \\(V\\), current \\(A\\), power \\(W\\)$")
                .containsPattern(
                        "(?m)^plantower,pms5003\\s+uart\\s+-\\s+pm1 \\(ug/m3\\), pm2_5 \\(ug/m3\\), pm10 \\(ug/m3\\)$")
                .containsPattern("(?m)^maxim,ds18b20\\s+onewire\\s+-\\s+temperature \\(Cel\\)$")
                .containsPattern("(?m)^aosong,dht22\\s+iio\\s+-")
                .containsPattern("(?m)^fieldnode,pulse-counter\\s+gpio\\s+-")
                .contains("drivers=15");
        assertThat(run.err).isEmpty();
    }

    @Test
    void kv_printsOneKeyValueLinePerDriver() {
        CliRun run = CliRun.of("drivers", "--format", "kv");

        assertThat(run.exitCode).isZero();
        assertThat(run.out.lines())
                .hasSize(15)
                .allMatch(
                        l -> l.matches(
                                "compatible=\\S+ bus=(i2c|spi|uart|onewire|iio|gpio) addresses=\\S+ quantities=\\S+ factory=\\S+"));
        assertThat(run.out)
                .contains("compatible=sensirion,sht3x bus=i2c addresses=0x44,0x45"
                        + " quantities=temperature:Cel,humidity:%RH"
                        + " factory=org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xFactory\n")
                .contains("compatible=nova,sds011 bus=uart addresses=- quantities=pm2_5:ug/m3,pm10:ug/m3");
    }

    @Test
    void unknownFormat_isAUsageError() {
        CliRun run = CliRun.of("drivers", "--format", "xml");

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("--format");
    }

    @Test
    void help_describesTheCommand() {
        CliRun run = CliRun.of("drivers", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage: fieldnode drivers").contains("--format");
    }

    @Test
    void addresses_collapseRuns() {
        assertThat(DriversCommand.addresses(Set.of(0x40, 0x41, 0x42, 0x44))).isEqualTo("0x40-0x42 0x44");
        assertThat(DriversCommand.addresses(Set.of(0x23, 0x5C))).isEqualTo("0x23 0x5c");
        assertThat(DriversCommand.addresses(Set.of())).isEmpty();
    }
}
