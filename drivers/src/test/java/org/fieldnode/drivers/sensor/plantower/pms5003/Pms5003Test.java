// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.LineFault;
import org.fieldnode.drivers.sim.SimulatedPms5003;
import org.fieldnode.drivers.sim.SimulatedUart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pms5003Test {
    private static final SensorInfo INFO =
            new SensorInfo("air0", "plantower,pms5003", Set.of(Channel.PM1, Channel.PM2_5, Channel.PM10));

    private final FakeSleeper clock =
            new FakeSleeper(Long.MAX_VALUE - Duration.ofHours(1).toNanos());
    private final SimulatedPms5003 chip = new SimulatedPms5003(clock);
    private final SimulatedUart uart = new SimulatedUart("serial0", chip, clock);

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        uart.assertNoOpenHandles();
    }

    private Pms5003 open(Pms5003Settings settings) throws Exception {
        return Pms5003.open(INFO, uart.open("air0"), settings, clock);
    }

    @Test
    void fetch_wakesWaitsTheSpinUpReadsAtmosphericValuesAndSleepsAgain() throws Exception {
        chip.setAtmospheric(9, 23, 31);
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            assertThat(chip.isAsleep()).isTrue();

            Measurement m = sensor.fetch();

            assertThat(m.values())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Channel.PM1, 9.0, Channel.PM2_5, 23.0, Channel.PM10, 31.0));
            assertThat(chip.isAsleep()).isTrue();
            assertThat(chip.isPassive()).isTrue();
            // The first read is the identity probe at open; the fetch read came after the datasheet's 30 s.
            assertThat(chip.readCommandAges()).hasSize(2);
            assertThat(chip.readCommandAges().get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        }
    }

    @Test
    void spinUp_isAProperty() throws Exception {
        Pms5003Settings settings = Pms5003Settings.fromProperties(Map.of("spin-up", "45s"));
        try (Pms5003 sensor = open(settings)) {
            sensor.fetch();
            assertThat(chip.readCommandAges().get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
        }
    }

    @Test
    void withoutSleeping_fetchesAtOnce() throws Exception {
        Pms5003Settings settings = Pms5003Settings.fromProperties(Map.of("sleep-between-readings", "false"));
        try (Pms5003 sensor = open(settings)) {
            Duration before = clock.totalSlept();
            sensor.fetch();
            assertThat(clock.totalSlept().minus(before)).isLessThan(Duration.ofSeconds(1));
            assertThat(chip.isAsleep()).isFalse();
        }
    }

    @Test
    void open_resyncsWhenTheStreamStartsMidFrameWithGarbage() throws Exception {
        byte[] frame = chip.dataFrame();
        byte[] noise = {0x42, 0x00, 0x42, 0x4D, 0x00, 0x1C, 0x42};
        byte[] tailThenNoise = new byte[19 + noise.length];
        System.arraycopy(frame, 13, tailThenNoise, 0, 19);
        System.arraycopy(noise, 0, tailThenNoise, 19, noise.length);
        chip.injectBytes(Arrays.copyOfRange(frame, 5, 32)); // drained at open
        chip.injectBeforeNextFrame(tailThenNoise); // arrives with the probe's answer
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            chip.injectBeforeNextFrame(tailThenNoise);
            assertThat(sensor.fetch().get(Channel.PM2_5)).hasValue(12.0);
        }
    }

    @Test
    void checksumError_isTransient_andTheNextFetchRecovers() throws Exception {
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            chip.failNext(1, LineFault.CRC_ERROR);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("checksum");
            assertThat(chip.isAsleep())
                    .as("put back to sleep after the failure")
                    .isTrue();

            assertThat(sensor.fetch().get(Channel.PM10)).hasValue(15.0);
        }
    }

    @Test
    void timeoutAndShortFrame_areTransient() throws Exception {
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            chip.failNext(1, LineFault.TIMEOUT);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("no data");
            chip.failNext(1, LineFault.SHORT_READ);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("no complete frame");
            assertThat(sensor.fetch().values()).containsKeys(Channel.PM1, Channel.PM2_5, Channel.PM10);
        }
    }

    @Test
    void stuckValue_isReportedFaithfully() throws Exception {
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            chip.setAtmospheric(1, 2, 3);
            sensor.fetch();
            chip.setAtmospheric(10, 20, 30);
            chip.failNext(1, LineFault.STUCK_VALUE);

            assertThat(sensor.fetch().get(Channel.PM2_5)).hasValue(2.0);
            assertThat(sensor.fetch().get(Channel.PM2_5)).hasValue(20.0);
        }
    }

    @Test
    void disconnectAndReconnect_failsThenRecovers() throws Exception {
        try (Pms5003 sensor = open(Pms5003Settings.defaults())) {
            chip.disconnect();
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());

            chip.reconnect(); // powers up awake and in active mode; the next fetch sets passive mode again
            assertThat(sensor.fetch().values()).hasSize(3);
        }
    }

    @Test
    void open_whenNothingAnswers_reportsAbsence_andClosesThePort() {
        chip.disconnect();

        assertThatThrownBy(() -> open(Pms5003Settings.defaults())).isInstanceOf(DeviceNotFoundException.class);
        assertThat(uart.openHandleCount()).isZero();
    }

    @Test
    void close_isIdempotent() throws Exception {
        Pms5003 sensor = open(Pms5003Settings.defaults());
        sensor.close();
        sensor.close();
        assertThat(uart.openHandleCount()).isZero();
    }

    @Test
    void badProperties_nameTheKey() {
        assertThatThrownBy(() -> Pms5003Settings.fromProperties(Map.of("spin-up", "soon")))
                .hasMessageContaining("properties.spin-up");
        assertThatThrownBy(() -> Pms5003Settings.fromProperties(Map.of("sleep-between-readings", "yes")))
                .hasMessageContaining("properties.sleep-between-readings");
    }
}
