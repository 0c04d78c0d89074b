// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.sensor.sensirion.SensirionWords;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedScd4x;
import org.fieldnode.drivers.sim.SimulatedScd4x.Variant;
import org.fieldnode.drivers.sim.SimulatedSht3x;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Scd4xTest {
    private static final int ADDRESS = 0x62;
    private static final SensorInfo INFO =
            new SensorInfo("co2", Scd4xFactory.COMPATIBLE, new Scd4xFactory().channels());
    private static final double HALF_STEP_CELSIUS = 0.0014;
    private static final double HALF_STEP_RH = 0.0008;

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private final List<String> expectedViolations = new ArrayList<>();
    private SimulatedScd4x chip = attach(new SimulatedScd4x(Variant.SCD41, sleeper));

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEqualTo(expectedViolations);
        i2c.assertNoOpenHandles();
    }

    @Test
    void periodicFetch_returnsCo2AndConditionsWithinResolution() throws Exception {
        chip.setCo2Ppm(1234);
        chip.setConditions(23.4, 61.0);

        try (Scd4x sensor = open(Scd4xMode.PERIODIC)) {
            Measurement m = sensor.fetch();

            assertThat(m.values()).containsOnlyKeys(INFO.channels());
            assertThat(m.get(Channel.CO2)).hasValue(1234.0);
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(23.4, within(HALF_STEP_CELSIUS));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(61.0, within(HALF_STEP_RH));
            assertThat(chip.periodic()).isTrue();
        }
    }

    @Test
    void periodicFetch_waitsForTheNextSample_everyFiveSeconds() throws Exception {
        try (Scd4x sensor = open(Scd4xMode.PERIODIC)) {
            Duration before = sleeper.totalSlept();
            sensor.fetch();
            Duration first = sleeper.totalSlept().minus(before);
            sensor.fetch();
            Duration second = sleeper.totalSlept().minus(before).minus(first);

            assertThat(first).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5200));
            assertThat(second).isBetween(Duration.ofMillis(4800), Duration.ofMillis(5200));
            assertThat(chip.samplesRead()).isEqualTo(2);
        }
    }

    @Test
    void open_stopsAMeasurementLeftRunning_andReadsTheSerialNumber() throws Exception {
        chip.setSerialNumber(0x0123_4567_89ABL);
        try (I2cDevice previousRun = i2c.openDevice("co2", ADDRESS)) {
            previousRun.write(SensirionWords.command(Scd4xCommands.START_PERIODIC_MEASUREMENT));
        }

        try (Scd4x sensor = open(Scd4xMode.PERIODIC)) {
            assertThat(sensor.serialNumber()).isEqualTo(0x0123_4567_89ABL);
            assertThat(sensor.fetch().values()).hasSize(3);
        }
    }

    @Test
    void singleShotFetch_onAnScd41_measuresOnDemandAndStaysIdle() throws Exception {
        chip.setCo2Ppm(650);

        try (Scd4x sensor = open(Scd4xMode.SINGLE_SHOT)) {
            Duration before = sleeper.totalSlept();

            assertThat(sensor.fetch().get(Channel.CO2)).hasValue(650.0);
            assertThat(sleeper.totalSlept().minus(before)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5010));
            assertThat(chip.periodic()).isFalse();
        }
    }

    @Test
    void singleShotFetch_onAnScd40_failsPermanently() throws Exception {
        chip = replace(new SimulatedScd4x(Variant.SCD40, sleeper));

        try (Scd4x sensor = open(Scd4xMode.SINGLE_SHOT)) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
        }
        expectedViolations.add("measure_single_shot 0x219D exists on the SCD41 only");
    }

    @Test
    void fetch_whenNoSampleComes_throwsDataNotReadyAfterItsBudget() throws Exception {
        try (Scd4x sensor = open(Scd4xMode.PERIODIC)) {
            try (I2cDevice meddler = i2c.openDevice("co2", ADDRESS)) {
                meddler.write(SensirionWords.command(Scd4xCommands.STOP_PERIODIC_MEASUREMENT));
            }
            sleeper.advance(Duration.ofMillis(500));
            Duration before = sleeper.totalSlept();

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            DataNotReadyException.class,
                            e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("co2");
            assertThat(sleeper.totalSlept().minus(before)).isBetween(Duration.ofSeconds(6), Duration.ofMillis(6200));
        }
    }

    @Test
    void open_whenNothingAnswers_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);

        try (I2cDevice device = i2c.openDevice("co2", ADDRESS)) {
            assertThatThrownBy(() -> Scd4x.open(INFO, device, Scd4xMode.PERIODIC, sleeper))
                    .isInstanceOf(DeviceNotFoundException.class);
        }
    }

    @Test
    void open_whenAnotherSensirionChipAnswers_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);
        SimulatedSht3x other = new SimulatedSht3x(sleeper);
        i2c.attach(ADDRESS, other);

        try (I2cDevice device = i2c.openDevice("co2", ADDRESS)) {
            assertThatThrownBy(() -> Scd4x.open(INFO, device, Scd4xMode.PERIODIC, sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("SCD4x");
        }
        assertThat(other.violations()).singleElement().asString().contains("0x3F86");
    }

    @Test
    void fetch_afterTransientNackOrCrcError_recovers() throws Exception {
        try (Scd4x sensor = open(Scd4xMode.PERIODIC)) {
            i2c.failNext(1, BusFault.NACK);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            chip.corruptNextReply();
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("CRC");

            assertThat(sensor.fetch().values()).hasSize(3);
        }
    }

    @Test
    void mode_isReadFromTheProfile() {
        assertThat(Scd4xMode.fromProperty(null)).isEqualTo(Scd4xMode.PERIODIC);
        assertThat(Scd4xMode.fromProperty("Single-Shot")).isEqualTo(Scd4xMode.SINGLE_SHOT);
        assertThatThrownBy(() -> Scd4xMode.fromProperty("often")).hasMessageStartingWith("mode:");
    }

    private Scd4x open(Scd4xMode mode) throws Exception {
        I2cDevice device = i2c.openDevice("co2", ADDRESS);
        try {
            return Scd4x.open(INFO, device, mode, sleeper);
        } catch (Exception e) {
            device.close();
            throw e;
        }
    }

    private SimulatedScd4x attach(SimulatedScd4x scd4x) {
        i2c.attach(ADDRESS, scd4x);
        return scd4x;
    }

    private SimulatedScd4x replace(SimulatedScd4x scd4x) {
        i2c.detach(ADDRESS);
        return attach(scd4x);
    }
}
