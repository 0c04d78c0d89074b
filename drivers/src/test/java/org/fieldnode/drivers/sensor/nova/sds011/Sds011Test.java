// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.nova.sds011;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedSds011;
import org.fieldnode.drivers.sim.SimulatedUart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Sds011Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final SensorInfo INFO = new SensorInfo("air1", "nova,sds011", Set.of(Channel.PM2_5, Channel.PM10));
    /** The control protocol's example data frame: PM2.5 = 0x04D4 / 10 = 123.6, PM10 = 0x0A3A / 10 = 261.8. */
    private static final byte[] EXAMPLE = HEX.parseHex("aac0d4043a0aa1601dab");

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedSds011 chip = new SimulatedSds011(clock);
    private final SimulatedUart uart = new SimulatedUart("ttyUSB0", chip, clock);

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        uart.assertNoOpenHandles();
    }

    @Test
    void protocolExample_decodesToTenthsOfUgPerM3() {
        assertThat(Sds011Protocol.checksum(EXAMPLE, 2, 6)).isEqualTo(0x1D);
        Measurement m = Sds011.toMeasurement(EXAMPLE);
        assertThat(m.get(Channel.PM2_5).getAsDouble()).isCloseTo(123.6, within(1e-9));
        assertThat(m.get(Channel.PM10).getAsDouble()).isCloseTo(261.8, within(1e-9));
    }

    @Test
    void commands_matchTheControlProtocol() {
        String ids = "ffff";
        String zeros12 = "00".repeat(12);
        assertThat(HEX.formatHex(Sds011Protocol.command(0x04))).isEqualTo("aab404" + zeros12 + ids + "02ab");
        assertThat(HEX.formatHex(Sds011Protocol.command(0x06, 0x01, 0x00)))
                .isEqualTo("aab4060100" + "00".repeat(10) + ids + "05ab");
        assertThat(HEX.formatHex(Sds011Protocol.command(0x06, 0x01, 0x01)))
                .isEqualTo("aab4060101" + "00".repeat(10) + ids + "06ab");
        assertThat(HEX.formatHex(Sds011Protocol.command(0x02, 0x01, 0x01)))
                .isEqualTo("aab4020101" + "00".repeat(10) + ids + "02ab");
    }

    @Test
    void findIn_skipsRepliesAndGarbage_andNamesABadChecksum() {
        byte[] capture = HEX.parseHex("043a0aa1601dab" + "aac506010100a1600aab" + "aa00" + HEX.formatHex(EXAMPLE));
        assertThat(FrameSync.findIn(capture, Sds011Protocol::judge)).isEqualTo(EXAMPLE);

        byte[] corrupt = HEX.parseHex("aac0d4043a0aa1601eab");
        assertThatThrownBy(() -> FrameSync.findIn(corrupt, Sds011Protocol::judge))
                .hasMessageContaining("checksum");
    }

    @Test
    void fetch_worksWaitsQueriesAndSleeps() throws Exception {
        chip.setConcentrations(35.4, 50.2);
        try (Sds011 sensor = Sds011.open(INFO, uart.open("air1"), Sds011Settings.defaults(), clock)) {
            assertThat(chip.isAsleep()).isTrue();
            assertThat(chip.isQueryMode()).isTrue();

            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.PM2_5).getAsDouble()).isCloseTo(35.4, within(1e-9));
            assertThat(m.get(Channel.PM10).getAsDouble()).isCloseTo(50.2, within(1e-9));
            assertThat(chip.isAsleep()).isTrue();
            assertThat(chip.queryAges().getLast()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void faults_areTransient_andTheNextFetchRecovers() throws Exception {
        Sds011Settings awake = Sds011Settings.fromProperties(Map.of("sleep-between-readings", "false"));
        try (Sds011 sensor = Sds011.open(INFO, uart.open("air1"), awake, clock)) {
            for (LineFault fault : new LineFault[] {LineFault.CRC_ERROR, LineFault.TIMEOUT, LineFault.SHORT_READ}) {
                chip.failNext(1, fault);
                assertThatThrownBy(sensor::fetch)
                        .as("%s", fault)
                        .isInstanceOfSatisfying(
                                BusException.class,
                                e -> assertThat(e.isTransient()).isTrue());
            }
            chip.injectBeforeNextFrame(HEX.parseHex("0aa1601dab aa".replace(" ", "")));
            assertThat(sensor.fetch().values()).containsKeys(Channel.PM2_5, Channel.PM10);
        }
    }

    @Test
    void disconnect_thenReconnect() throws Exception {
        try (Sds011 sensor = Sds011.open(INFO, uart.open("air1"), Sds011Settings.defaults(), clock)) {
            chip.disconnect();
            assertThatThrownBy(sensor::fetch).isInstanceOf(BusException.class);
            chip.reconnect();
            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void open_whenNothingAnswers_reportsAbsence() {
        chip.disconnect();
        assertThatThrownBy(() -> Sds011.open(INFO, uart.open("air1"), Sds011Settings.defaults(), clock))
                .isInstanceOf(DeviceNotFoundException.class);
    }
}
