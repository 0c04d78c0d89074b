// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fieldnode replay} end to end on real-looking captures in {@code src/test/resources/captures}. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private static String capture(String name) {
        try {
            return Path.of(ReplayCommandTest.class
                            .getResource("/captures/" + name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SenmlRecord> pack(CliRun run) throws Exception {
        return SenmlCodec.decode(run.out.strip().getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON);
    }

    @Test
    void bme280_i2cdump_printsASenmlJsonPack() throws Exception {
        CliRun run = CliRun.of("replay", "--driver", "bosch,bme280", "--capture", capture("bme280-0x76.i2cdump"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("[{\"bn\":\"urn:dev:ops:replay:\"");
        List<SenmlRecord> records = pack(run);
        assertThat(records)
                .extracting(SenmlRecord::name)
                .containsExactly(
                        "urn:dev:ops:replay:replay/temperature",
                        "urn:dev:ops:replay:replay/humidity",
                        "urn:dev:ops:replay:replay/pressure");
        assertThat(records.get(0).value()).isCloseTo(21.37, within(0.01));
        assertThat(records.get(0).unit()).isEqualTo("Cel");
        assertThat(records.get(1).value()).isCloseTo(48.5, within(0.1));
        assertThat(records.get(2).value()).isCloseTo(99_870, within(2.0));
        assertThat(records.get(2).unit()).isEqualTo("Pa");
    }

    @Test
    void idAndAddress_nameTheReadings() throws Exception {
        Path dump = dir.resolve("dump.txt");
        Files.writeString(dump, Files.readString(Path.of(capture("bme280-0x76.i2cdump"))));

        CliRun run = CliRun.of(
                "replay",
                "--driver",
                "bosch,bme280",
                "--capture",
                dump.toString(),
                "--address",
                "0x77",
                "--id",
                "env0");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run)).extracting(SenmlRecord::name).contains("urn:dev:ops:replay:env0/temperature");
    }

    @Test
    void sht3x_hex() throws Exception {
        CliRun run = CliRun.of("replay", "--driver", "sensirion,sht3x", "--capture", capture("sht3x-0x44.hex"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run))
                .extracting(SenmlRecord::value)
                .containsExactly(
                        25.0, 50.000762951094835); // DS §4.13: -45 + 175 · 0x6666 / 0xFFFF; 100 · 0x8000 / 0xFFFF
    }

    @Test
    void pms5003_streamStartingMidFrame() throws Exception {
        CliRun run = CliRun.of("replay", "--driver", "plantower,pms5003", "--capture", capture("pms5003-midframe.hex"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run)).extracting(SenmlRecord::value).containsExactly(7.0, 12.0, 19.0);
        assertThat(pack(run)).extracting(SenmlRecord::unit).containsOnly("ug/m3");
    }

    @Test
    void dht22_iioAttributes() throws Exception {
        // The IIO attributes a kernel driver exposes are a capture format too (issue 19, for the HX711 and this one).
        CliRun run = CliRun.of("replay", "--driver", "aosong,dht22", "--capture", capture("dht22.iio"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run)).extracting(SenmlRecord::value).containsExactly(21.3, 48.7);
    }

    @Test
    void sds011() throws Exception {
        CliRun run = CliRun.of("replay", "--driver", "nova,sds011", "--capture", capture("sds011.hex"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run)).extracting(SenmlRecord::value).containsExactly(12.3, 45.6);
    }

    @Test
    void ds18b20_w1Slave() throws Exception {
        CliRun run = CliRun.of("replay", "--driver", "maxim,ds18b20", "--capture", capture("ds18b20.w1_slave"));

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(pack(run)).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("urn:dev:ops:replay:replay/temperature");
            assertThat(r.value()).isEqualTo(23.125);
        });
    }

    @Test
    void ds18b20_crcNo_exits1_withOneLine_andNoReading() {
        String file = capture("ds18b20-crc-no.w1_slave");

        CliRun run = CliRun.of("replay", "--driver", "maxim,ds18b20", "--capture", file);

        assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines())
                .singleElement()
                .asString()
                .startsWith("fieldnode replay: no reading from " + file + ": ")
                .contains("CRC");
    }

    @Test
    void badChecksum_exits1() throws Exception {
        Path bad = dir.resolve("sds011.hex");
        String good = Files.readString(Path.of(capture("sds011.hex"))).strip();
        Files.writeString(bad, good.substring(0, good.length() - 4) + "00ab\n"); // checksum byte 0x60 → 0x00

        CliRun run = CliRun.of("replay", "--driver", "nova,sds011", "--capture", bad.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines()).singleElement().asString().contains("checksum mismatch");
    }

    @Test
    void noCompleteFrame_exits1() throws Exception {
        Path cut = dir.resolve("pms.hex");
        Files.writeString(cut, "424d001c000a0012001c\n");

        CliRun run = CliRun.of("replay", "--driver", "plantower,pms5003", "--capture", cut.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.out).isEmpty();
        assertThat(run.err.lines()).singleElement().asString().contains("no complete frame");
    }

    @Test
    void missingRegister_exits1() throws Exception {
        Path dump = dir.resolve("dump.txt");
        Files.writeString(
                dump,
                Files.readString(Path.of(capture("bme280-0x76.i2cdump")))
                        .replace("f0: 00 00 01 00 24 00 00 65 a8", "f0: 00 00 01 00 24 00 00 XX a8"));

        CliRun run = CliRun.of("replay", "--driver", "bosch,bme280", "--capture", dump.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_FAILURE);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .isEqualTo(
                        "fieldnode replay: no reading from %s: register 0xF7 is missing from the capture (XX or blank in the i2cdump)%n"
                                .formatted(dump));
    }

    @Test
    void malformedDump_exits2_withFileAndLine() throws Exception {
        Path dump = dir.resolve("dump.txt");
        Files.writeString(dump, "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n00: 00 0g\n");

        CliRun run = CliRun.of("replay", "--driver", "bosch,bme280", "--capture", dump.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.out).isEmpty();
        assertThat(run.err)
                .isEqualTo("fieldnode replay: %s:2: register 0x01: expected two hex digits or XX, got '0g'%n"
                        .formatted(dump));
    }

    @Test
    void oddHex_exits2_withFileAndLine() throws Exception {
        Path hex = dir.resolve("sht.hex");
        Files.writeString(hex, "# SHT31 at 0x44\n6666938000a\n");

        CliRun run = CliRun.of("replay", "--driver", "sensirion,sht3x", "--capture", hex.toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).startsWith("fieldnode replay: " + hex + ":2: odd number of hex digits");
    }

    @Test
    void unknownDriver_exits2_withASuggestion() {
        CliRun run = CliRun.of("replay", "--driver", "bosch,bme208", "--capture", capture("sds011.hex"));

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err)
                .isEqualTo("fieldnode replay: no driver for 'bosch,bme208', did you mean bosch,bme280?"
                        + " (fieldnode drivers lists them)\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void missingCaptureFile_exits2() {
        CliRun run = CliRun.of(
                "replay",
                "--driver",
                "nova,sds011",
                "--capture",
                dir.resolve("none.hex").toString());

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("none.hex: no such file");
    }

    @Test
    void driverWithoutCaptureFormat_exits2() {
        CliRun run = CliRun.of("replay", "--driver", "fieldnode,pulse-counter", "--capture", capture("sds011.hex"));

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("no capture format");
    }

    @Test
    void octalAddress_isRefused() {
        CliRun run = CliRun.of(
                "replay", "--driver", "bosch,bme280", "--capture", capture("bme280-0x76.i2cdump"), "--address", "0166");

        assertThat(run.exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(run.err).contains("looks octal");
    }

    @Test
    void help() {
        CliRun run = CliRun.of("replay", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
                .contains("Usage: fieldnode replay")
                .contains("--capture")
                .contains("--driver");
    }
}
