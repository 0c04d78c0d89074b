// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.BusKind;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorDriverFactory;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Factory;
import org.fieldnode.drivers.sensor.dfrobot.a02yyuw.A02yyuwFactory;
import org.fieldnode.drivers.sensor.maxim.ds18b20.Ds18b20Factory;
import org.fieldnode.drivers.sensor.nova.sds011.Sds011Factory;
import org.fieldnode.drivers.sensor.plantower.pms5003.Pms5003Factory;
import org.fieldnode.drivers.sensor.sensirion.sht3x.Sht3xFactory;
import org.fieldnode.drivers.sensor.sensirion.sht4x.Sht4xFactory;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedBusProvider;
import org.fieldnode.drivers.sim.SimulatedChips;
import org.fieldnode.drivers.sim.SimulatedDs18b20;
import org.fieldnode.drivers.sim.SimulatedPms5003;
import org.fieldnode.drivers.sim.SimulatedSds011;
import org.junit.jupiter.api.Test;

/** Replays captures in each format of SENSORS.md through the real drivers, and each way a capture can fail. */
class ReplayTest {
    private static Measurement replay(SensorDriverFactory factory, String compatible, int address, String text)
            throws Exception {
        return replay(factory, new SensorNode("replay", compatible, "replay", address, Map.of()), text);
    }

    private static Measurement replay(SensorDriverFactory factory, SensorNode node, String text) throws Exception {
        Capture capture = Replay.parse(factory.busKind(), "capture.txt", text);
        return Replay.run(factory, node, capture);
    }

    // ---- BME280 from i2cdump ----

    /** The registers of a simulated BME280 after a forced conversion at {@code celsius}, as i2cdump prints them. */
    private static String bme280DumpAfterForcedConversion(double celsius, double rh, double pascal, int... missing) {
        FakeSleeper clock = new FakeSleeper(1L << 40);
        SimulatedBme280 chip = new SimulatedBme280(clock);
        chip.setConditions(celsius, rh, pascal);
        chip.write(0xF2, new byte[] {0x01}); // ctrl_hum: humidity x1
        chip.write(0xF4, new byte[] {0x25}); // ctrl_meas: t x1, p x1, forced (SENSORS.md: i2cset -y 1 0x76 0xF4 0x25)
        clock.advance(Duration.ofMillis(20));
        byte[] registers = new byte[256];
        chip.read(0x00, registers);
        boolean[] absent = new boolean[256];
        for (int r : missing) {
            absent[r] = true;
        }
        return I2cDumpText.format(registers, absent);
    }

    @Test
    void bme280_fromI2cDumpAfterAForcedConversion_decodesAsTheLiveDriverDoes() throws Exception {
        String dump = bme280DumpAfterForcedConversion(21.37, 48.5, 99_870.0);

        Measurement replayed = replay(new Bme280Factory(), "bosch,bme280", 0x76, dump);

        assertThat(replayed.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(21.37, within(0.01));
        assertThat(replayed.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(48.5, within(0.1));
        assertThat(replayed.get(Channel.PRESSURE)).hasValueCloseTo(99_870.0, within(2.0));
        assertThat(replayed).isEqualTo(liveBme280Fetch(21.37, 48.5, 99_870.0));
    }

    /** The same chip and conditions read live through the simulated bus: replay must agree to the last digit. */
    private static Measurement liveBme280Fetch(double celsius, double rh, double pascal) throws Exception {
        FakeSleeper clock = new FakeSleeper(1L << 40);
        SimulatedBusProvider buses =
                new SimulatedBusProvider(SimulatedChips.standard(() -> SimulatedBme280.POWER_ON_CONDITIONS, clock));
        SensorNode node = new SensorNode("replay", "bosch,bme280", "i2c1", 0x76, Map.of());
        buses.addI2cBus("i2c1");
        ((SimulatedBme280) buses.populate(node)).setConditions(celsius, rh, pascal);
        try (var sensor = new Bme280Factory().open(node, buses, clock)) {
            return sensor.fetch();
        } finally {
            buses.close();
        }
    }

    @Test
    void bme280_whenTheDataRegistersAreXX_failsNamingTheMissingRegister() {
        String dump = bme280DumpAfterForcedConversion(20, 50, 101_325, 0xF9);

        assertThatThrownBy(() -> replay(new Bme280Factory(), "bosch,bme280", 0x76, dump))
                .isInstanceOf(BusException.class)
                .hasMessage("replay: register 0xF9 is missing from the capture (XX or blank in the i2cdump)");
    }

    @Test
    void bme280_fromTheDumpOfAnotherChip_isNotFound() {
        String dump = bme280DumpAfterForcedConversion(20, 50, 101_325)
                .replace("00: ", "00: ")
                .replaceFirst("(?m)^d0: 60", "d0: 58");

        assertThatThrownBy(() -> replay(new Bme280Factory(), "bosch,bme280", 0x76, dump))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("chip id 0x58");
    }

    @Test
    void bme280_fromHexBytes_saysAnI2cdumpIsNeeded() {
        assertThatThrownBy(() -> replay(new Bme280Factory(), "bosch,bme280", 0x76, "66 66 93"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replay it from i2cdump text");
    }

    // ---- command chips from hex ----

    @Test
    void sht3x_fromTheRepliedBytes_decodesTemperatureAndHumidity() throws Exception {
        // i2ctransfer -y 1 r6@0x44 after "w2@0x44 0x24 0x00": T word 0x6666, RH word 0x8000, each with its CRC.
        Measurement m = replay(new Sht3xFactory(), "sensirion,sht3x", 0x44, "0x66 0x66 0x93 0x80 0x00 0xa2\n");

        // DS §4.13: T = -45 + 175 * 26214 / 65535, RH = 100 * 32768 / 65535
        assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(25.0, within(0.01));
        assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(50.0, within(0.01));
    }

    @Test
    void sht4x_fromXxdStyleHex_decodes() throws Exception {
        Measurement m = replay(new Sht4xFactory(), "sensirion,sht4x", 0x44, "666693800 0a2".replace(" ", ""));

        assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).isPresent();
        assertThat(m.get(Channel.RELATIVE_HUMIDITY)).isPresent();
    }

    @Test
    void sht3x_withABadCrc_failsAndGivesNoReading() {
        assertThatThrownBy(() -> replay(new Sht3xFactory(), "sensirion,sht3x", 0x44, "66 66 94 80 00 a2"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("CRC mismatch in word 0");
    }

    @Test
    void sht3x_withTooFewBytes_saysWhatTheDriverReads() {
        assertThatThrownBy(() -> replay(new Sht3xFactory(), "sensirion,sht3x", 0x44, "66 66 93 80 00"))
                .isInstanceOf(ReplayException.class)
                .hasMessage(
                        "the capture holds 5 bytes, but the sensirion,sht3x driver's measurement read takes 6 bytes");
    }

    // ---- UART streams ----

    @Test
    void pms5003_fromAStreamStartingMidFrame_decodesTheFirstWholeFrame() throws Exception {
        SimulatedPms5003 chip = new SimulatedPms5003(new FakeSleeper());
        chip.setAtmospheric(7, 12, 19);
        byte[] frame = chip.dataFrame();
        byte[] stream = concat(Arrays.copyOfRange(frame, 17, frame.length), frame); // head -c started mid-frame

        Measurement m = replay(new Pms5003Factory(), "plantower,pms5003", 0, xxd(stream));

        assertThat(m.values()).isEqualTo(Map.of(Channel.PM1, 7.0, Channel.PM2_5, 12.0, Channel.PM10, 19.0));
    }

    @Test
    void pms5003_withABadChecksum_failsSayingSo() {
        SimulatedPms5003 chip = new SimulatedPms5003(new FakeSleeper());
        byte[] frame = chip.dataFrame();
        frame[frame.length - 1] ^= 0x01;

        assertThatThrownBy(() -> replay(new Pms5003Factory(), "plantower,pms5003", 0, xxd(frame)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void pms5003_withoutACompleteFrame_failsSayingSo() {
        byte[] frame = new SimulatedPms5003(new FakeSleeper()).dataFrame();

        assertThatThrownBy(() -> replay(new Pms5003Factory(), "plantower,pms5003", 0, xxd(Arrays.copyOf(frame, 20))))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("no complete frame");
    }

    @Test
    void sds011_fromAQueryReply_decodesPm() throws Exception {
        SimulatedSds011 chip = new SimulatedSds011(new FakeSleeper());
        chip.setConcentrations(12.3, 45.6);

        Measurement m = replay(new Sds011Factory(), "nova,sds011", 0, xxd(chip.dataFrame()));

        assertThat(m.get(Channel.PM2_5)).hasValueCloseTo(12.3, within(1e-9));
        assertThat(m.get(Channel.PM10)).hasValueCloseTo(45.6, within(1e-9));
    }

    @Test
    void a02yyuw_takesItsPropertiesFromTheNode() throws Exception {
        // Frame: 0xFF, distance 0x07A1 = 1953 mm, sum (0xFF + 0x07 + 0xA1) & 0xFF = 0xA7
        SensorNode node = new SensorNode("replay", "dfrobot,a02yyuw", "replay", 0, Map.of("mount-height-m", "3"));

        Measurement m = replay(new A02yyuwFactory(), node, "a1 a7 ff 07 a1 a7");

        assertThat(m.get(Channel.DISTANCE)).hasValueCloseTo(1.953, within(1e-9));
        assertThat(m.get(Channel.WATER_LEVEL)).hasValueCloseTo(3 - 1.953, within(1e-9));
    }

    // ---- DS18B20 from w1_slave ----

    @Test
    void ds18b20_fromAW1SlaveFile_decodes() throws Exception {
        String w1 = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";

        Measurement m = replay(new Ds18b20Factory(), "maxim,ds18b20", 0, w1);

        assertThat(m.values()).isEqualTo(Map.of(Channel.AMBIENT_TEMPERATURE, 23.125));
    }

    @Test
    void ds18b20_fromTheSimulatorsW1Slave_decodesItsTemperature() throws Exception {
        SimulatedDs18b20 probe = new SimulatedDs18b20(0x0316a2797effL, () -> -4.5);

        Measurement m = replay(new Ds18b20Factory(), "maxim,ds18b20", 0, SimulatedDs18b20.w1SlaveText(probe.convert()));

        assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(-4.5);
    }

    @Test
    void ds18b20_whenTheKernelSaidCrcNo_failsAndGivesNoReading() {
        String w1 = "72 01 4b 46 7f ff 0e 10 ff : crc=57 NO\n72 01 4b 46 7f ff 0e 10 ff t=23125\n";

        assertThatThrownBy(() -> replay(new Ds18b20Factory(), "maxim,ds18b20", 0, w1))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("CRC");
    }

    // ---- malformed captures ----

    @Test
    void notI2cdumpText_isMalformed_atItsLine() {
        String dump = bme280DumpAfterForcedConversion(20, 50, 101_325).replaceFirst("(?m)^30: ..", "30: zz");

        assertThatThrownBy(() -> Replay.parse(BusKind.I2C, "dump.txt", dump))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessage("dump.txt:6: register 0x30: expected two hex digits or XX, got 'zz'");
    }

    @Test
    void aStrayLineInAnI2cdump_isMalformed_atItsLine() {
        String dump = bme280DumpAfterForcedConversion(20, 50, 101_325) + "Error: Read failed\n";

        assertThatThrownBy(() -> Replay.parse(BusKind.I2C, "dump.txt", dump))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessageStartingWith("dump.txt:19: not i2cdump text");
    }

    @Test
    void oddHex_isMalformed_atItsLine() {
        assertThatThrownBy(() -> Replay.parse(BusKind.UART, "pm.hex", "424d001c\n0005000c0013f\n"))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessage("pm.hex:2: odd number of hex digits in '0005000c0013f': every byte is two digits");
    }

    @Test
    void nonHex_isMalformed_atItsLine() {
        assertThatThrownBy(() -> Replay.parse(BusKind.UART, "pm.hex", "# PMS5003\n42 4d zz\n"))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessageStartingWith("pm.hex:2: not hex: 'zz'");
    }

    @Test
    void aW1SlaveWithoutItsSecondLine_isMalformed() {
        assertThatThrownBy(
                        () -> Replay.parse(BusKind.ONE_WIRE, "w1_slave", "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n"))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessageStartingWith("w1_slave:2: not a w1_slave file");
    }

    @Test
    void i2cdumpParsing_keepsValuesAndMissingCells() throws Exception {
        byte[] registers = new byte[256];
        registers[0xD0] = 0x60;
        boolean[] absent = new boolean[256];
        absent[0xFF] = true;

        Capture.RegisterDump dump = CaptureParser.i2cDump("d", I2cDumpText.format(registers, absent));

        assertThat(dump.value(0xD0)).contains(0x60);
        assertThat(dump.value(0xFF)).isEmpty();
        assertThat(dump.presentCount()).isEqualTo(255);
    }

    @Test
    void aW1SlaveFileWithAnUpperCaseT_isMalformed_notAnUncheckedError() {
        // Found by CaptureFuzzTest: the shape check ignored case, the w1_slave parser does not.
        String text = "b8 ff 4b 46 7f ff 08 10 b1 : crc=b1 YES\nb8 ff 4b 46 7f ff 08 10 b1 T=-4500\n";

        assertThatThrownBy(() -> Replay.parse(BusKind.ONE_WIRE, "w1.txt", text))
                .isInstanceOf(MalformedCaptureException.class)
                .hasMessageStartingWith("w1.txt:2: not a w1_slave file");
    }

    @Test
    void spiAndGpioDrivers_haveNoCaptureFormat() {
        assertThatThrownBy(() -> Replay.parse(BusKind.GPIO, "x", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no capture format");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** As {@code xxd -p} prints bytes: 30 per line. */
    static String xxd(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 30) {
            out.append(HexFormat.of().formatHex(bytes, i, Math.min(bytes.length, i + 30)))
                    .append('\n');
        }
        return out.toString();
    }
}
