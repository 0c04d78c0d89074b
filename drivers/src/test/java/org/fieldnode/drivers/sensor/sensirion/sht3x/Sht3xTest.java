// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedSht3x;
import org.fieldnode.drivers.sim.SimulatedSht4x;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Sht3xTest {
    private static final int ADDRESS = 0x44;
    private static final SensorInfo INFO =
            new SensorInfo("env0", Sht3xFactory.COMPATIBLE, new Sht3xFactory().channels());
    /** Half a step of the 16-bit outputs: 175/65535/2 °C and 100/65535/2 %RH, plus rounding slack. */
    private static final double HALF_STEP_CELSIUS = 0.0014;

    private static final double HALF_STEP_RH = 0.0008;

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private final SimulatedSht3x chip = new SimulatedSht3x(sleeper);
    private final List<String> expectedViolations = new ArrayList<>();

    @BeforeEach
    void wire() {
        i2c.attach(ADDRESS, chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEqualTo(expectedViolations);
        i2c.assertNoOpenHandles();
    }

    @Test
    void fetch_returnsSimulatedConditionsWithinResolution() throws Exception {
        chip.setConditions(21.5, 55.0);

        try (Sht3x sensor = open()) {
            Measurement m = sensor.fetch();

            assertThat(m.values()).containsOnlyKeys(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(21.5, within(HALF_STEP_CELSIUS));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(55.0, within(HALF_STEP_RH));
        }
    }

    @Test
    void fetch_atTheEndsOfTheRange() throws Exception {
        try (Sht3x sensor = open()) {
            chip.setConditions(-40.0, 0.0);
            Measurement cold = sensor.fetch();
            chip.setConditions(125.0, 100.0);
            Measurement hot = sensor.fetch();

            assertThat(cold.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(-40.0, within(HALF_STEP_CELSIUS));
            assertThat(cold.get(Channel.RELATIVE_HUMIDITY)).hasValue(0.0);
            assertThat(hot.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(125.0, within(HALF_STEP_CELSIUS));
            assertThat(hot.get(Channel.RELATIVE_HUMIDITY)).hasValue(100.0);
        }
    }

    @Test
    void fetch_sendsOneSingleShotAndWaitsTheMaximumMeasurementTime() throws Exception {
        try (Sht3x sensor = open()) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before)).isEqualTo(Duration.ofMillis(15));
            assertThat(chip.measurements()).isEqualTo(1);
        }
    }

    @Test
    void open_resetsAndReadsTheSerialNumber() throws Exception {
        chip.setSerialNumber(0xDEAD_BEEFL);

        try (Sht3x sensor = open()) {
            assertThat(sensor.serialNumber()).isEqualTo(0xDEAD_BEEFL);
            assertThat(sensor.info().id()).isEqualTo("env0");
        }
    }

    @Test
    void open_whenNothingAnswers_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);

        try (I2cDevice device = i2c.openDevice("env0", ADDRESS)) {
            assertThatThrownBy(() -> Sht3x.open(INFO, device, sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("env0")
                    .hasMessageContaining("0x44");
        }
    }

    @Test
    void open_whenAnSht4xSitsAtTheAddress_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);
        SimulatedSht4x other = new SimulatedSht4x(sleeper);
        i2c.attach(ADDRESS, other);

        try (I2cDevice device = i2c.openDevice("env0", ADDRESS)) {
            assertThatThrownBy(() -> Sht3x.open(INFO, device, sleeper)).isInstanceOf(DeviceNotFoundException.class);
        }
        assertThat(other.violations()).singleElement().asString().contains("one byte");
    }

    @Test
    void open_whenTheSerialNumberFailsItsCrc_throwsDeviceNotFound() {
        chip.corruptNextReply();

        try (I2cDevice device = i2c.openDevice("env0", ADDRESS)) {
            assertThatThrownBy(() -> Sht3x.open(INFO, device, sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("CRC");
        }
    }

    @Test
    void fetch_afterTransientNack_succeedsOnNextCall() throws Exception {
        chip.setConditions(18.0, 70.0);

        try (Sht3x sensor = open()) {
            i2c.failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE))
                    .hasValueCloseTo(18.0, within(HALF_STEP_CELSIUS));
        }
    }

    @Test
    void fetch_whenAReplyIsCorrupted_throwsTransientCrcError_thenRecovers() throws Exception {
        try (Sht3x sensor = open()) {
            chip.corruptNextReply();

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("CRC mismatch");
            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void fetch_afterShortRead_succeedsOnNextCall() throws Exception {
        try (Sht3x sensor = open()) {
            i2c.failNext(1, BusFault.SHORT_READ);

            assertThatThrownBy(sensor::fetch).isInstanceOf(BusException.class);
            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void close_isIdempotent_andFetchAfterCloseIsAnError() throws Exception {
        Sht3x sensor = open();

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private Sht3x open() throws Exception {
        I2cDevice device = i2c.openDevice("env0", ADDRESS);
        try {
            return Sht3x.open(INFO, device, sleeper);
        } catch (Exception e) {
            device.close();
            throw e;
        }
    }
}
