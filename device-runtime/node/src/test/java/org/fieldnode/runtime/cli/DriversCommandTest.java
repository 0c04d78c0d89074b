// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.fieldnode.runtime.sampling.DriverJars;
import org.fieldnode.runtime.testing.DriverJarFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriversCommandTest {
    @Test
    void table_listsEveryCatalogueDriver_withBusAddressesAndUnits() {
        CliRun run = CliRun.of("drivers");

        assertThat(run.exitCode).isZero();
        assertThat(run.out.lines().findFirst())
                .hasValueSatisfying(
                        header -> assertThat(header).matches("COMPATIBLE\\s+BUS\\s+ADDRESSES\\s+QUANTITIES"));
        assertThat(run.out)
                .containsPattern("(?m)^bosch,bme280\\s+i2c,spi\\s+0x76 0x77\\s+temperature \\(Cel\\), humidity"
                        + " \\(%RH\\), pressure \\(Pa\\)$")
                .containsPattern("(?m)^bosch,bmp280\\s+i2c,spi\\s+0x76 0x77\\s+")
                .containsPattern(
                        "(?m)^ti,ina219\\s+i2c\\s+0x40-0x4f\\s+voltage \\(V\\), current \\(A\\), power \\(W\\)$")
                .containsPattern(
                        "(?m)^plantower,pms5003\\s+uart\\s+-\\s+pm1 \\(ug/m3\\), pm2_5 \\(ug/m3\\), pm10 \\(ug/m3\\)$")
                .containsPattern("(?m)^maxim,ds18b20\\s+onewire\\s+-\\s+temperature \\(Cel\\)$")
                .containsPattern("(?m)^aosong,dht22\\s+iio\\s+-")
                .containsPattern("(?m)^fieldnode,pulse-counter\\s+gpio\\s+-")
                // issue 19: the Modbus probes, the register-map driver and the four new chips
                .containsPattern("(?m)^comwintop,cwt-soil-thc\\s+modbus\\s+-\\s+temperature \\(Cel\\), soil_moisture"
                        + " \\(%\\), conductivity \\(S/m\\)$")
                .containsPattern("(?m)^renke,rs-fsjt-n01\\s+modbus\\s+-\\s+wind_speed \\(m/s\\)$")
                .containsPattern("(?m)^fieldnode,modbus-registers\\s+modbus\\s+-")
                .containsPattern("(?m)^aosong,aht20\\s+i2c\\s+0x38\\s+temperature \\(Cel\\), humidity \\(%RH\\)$")
                .containsPattern("(?m)^vishay,veml7700\\s+i2c\\s+0x10\\s+illuminance \\(lx\\)$")
                .containsPattern("(?m)^winsen,mh-z19b\\s+uart\\s+-\\s+co2 \\(ppm\\)")
                .containsPattern("(?m)^avia,hx711\\s+iio\\s+-\\s+mass \\(kg\\)$")
                .containsPattern("(?m)^fieldnode,gpio-contact\\s+gpio\\s+-\\s+contact \\(\\)$")
                .contains("drivers=23");
        assertThat(run.err).isEmpty();
    }

    @Test
    void kv_printsOneKeyValueLinePerDriver() {
        CliRun run = CliRun.of("drivers", "--format", "kv");

        assertThat(run.exitCode).isZero();
        assertThat(run.out.lines())
                .hasSize(23)
                .allMatch(l -> l.matches("compatible=\\S+ bus=(i2c|spi|uart|onewire|iio|gpio|modbus)"
                        + "(,(i2c|spi|uart|onewire|iio|gpio|modbus))* addresses=\\S+ quantities=\\S+ factory=\\S+"
                        + " personal=-"));
        assertThat(run.out)
                .contains("compatible=sensirion,sht3x bus=i2c addresses=0x44,0x45"
                        + " quantities=temperature:Cel,humidity:%RH"
                        + " factory=org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xFactory personal=-\n")
                .contains("compatible=nova,sds011 bus=uart addresses=- quantities=pm2_5:ug/m3,pm10:ug/m3")
                .contains("compatible=bosch,bme280 bus=i2c,spi addresses=0x76,0x77 ");
    }

    /**
     * R21 and drivers.d: a jar's driver joins the list with its personal quantity marked; every jar is listed with its
     * SHA-256, the refused one with why.
     */
    @Test
    void driversDirectory_listsEachJarWithItsSha256_andMarksPersonalQuantities(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("drivers.d"));
        Path good = DriverJarFiles.peopleCounter(dir.resolve("a-people.jar"));
        Path bad = DriverJarFiles.peopleCounter(dir.resolve("b-open.jar"));
        Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-rw-rw-"));
        String previous = System.setProperty(DriverJars.OWNERS_PROPERTY, "root-or-self");
        try {
            CliRun table = CliRun.of("drivers", "--drivers-dir", dir.toString());
            CliRun kv = CliRun.of("drivers", "--drivers-dir", dir.toString(), "--format", "kv");

            assertThat(table.exitCode).isZero();
            assertThat(table.out)
                    .containsPattern("(?m)^test,people-counter\\s+i2c\\s+-\\s+temperature \\(Cel\\), count"
                            + " \\(count, personal\\)$")
                    .contains("drivers=24")
                    .containsPattern("(?m)^loaded   " + sha256(good) + "  " + good + "$")
                    .containsPattern("(?m)^refused  " + sha256(bad) + "  " + bad + " \\(writable by group or others")
                    .contains("jars=2 loaded=1 refused=1");
            assertThat(kv.out)
                    .contains(
                            "compatible=test,people-counter bus=i2c addresses=- quantities=temperature:Cel,count:count"
                                    + " factory=org.fieldnode.runtime.testing.PeopleCounterFactory personal=count\n")
                    .contains("jar=" + good + " state=loaded sha256=" + sha256(good) + "\n")
                    .contains("jar=" + bad + " state=refused sha256=" + sha256(bad) + " reason=\"writable by group or"
                            + " others (mode 666): chmod go-w " + bad.toRealPath() + "\"\n");
        } finally {
            if (previous == null) {
                System.clearProperty(DriverJars.OWNERS_PROPERTY);
            } else {
                System.setProperty(DriverJars.OWNERS_PROPERTY, previous);
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
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
