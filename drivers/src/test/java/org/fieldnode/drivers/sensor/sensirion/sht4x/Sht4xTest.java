// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
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

class Sht4xTest {
    private static final int ADDRESS = 0x45;
    private static final SensorInfo INFO =
            new SensorInfo("env1", Sht4xFactory.COMPATIBLE, new Sht4xFactory().channels());
    private static final double HALF_STEP_CELSIUS = 0.0014; // 175/65535/2
    private static final double HALF_STEP_RH = 0.001; // 125/65535/2

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private final SimulatedSht4x chip = new SimulatedSht4x(sleeper);

    @BeforeEach
    void wire() {
        i2c.attach(ADDRESS, chip);
    }

    @AfterEach
    void hygiene() {
        assertThat(chip.violations()).isEmpty();
        i2c.assertNoOpenHandles();
    }

    @Test
    void fetch_returnsSimulatedConditionsWithinResolution() throws Exception {
        chip.setConditions(-7.25, 93.0);

        try (Sht4x sensor = open()) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(-7.25, within(HALF_STEP_CELSIUS));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(93.0, within(HALF_STEP_RH));
        }
    }

    @Test
    void fetch_atDryAndSaturatedAir_staysWithin0To100() throws Exception {
        try (Sht4x sensor = open()) {
            chip.setConditions(20.0, 0.0);
            assertThat(sensor.fetch().get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(0.0, within(HALF_STEP_RH));
            chip.setConditions(20.0, 100.0);
            assertThat(sensor.fetch().get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(100.0, within(HALF_STEP_RH));
        }
    }

    @Test
    void fetch_sendsHighPrecisionAndWaitsTheMaximumTime() throws Exception {
        try (Sht4x sensor = open()) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before))
                    .isEqualTo(Duration.ofMillis(8).plusNanos(300_000));
            assertThat(chip.measurements()).isEqualTo(1);
        }
    }

    @Test
    void open_readsTheSerialNumber() throws Exception {
        chip.setSerialNumber(0x1234_5678L);

        try (Sht4x sensor = open()) {
            assertThat(sensor.serialNumber()).isEqualTo(0x1234_5678L);
        }
    }

    @Test
    void open_whenNothingAnswers_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);

        try (I2cDevice device = i2c.openDevice("env1", ADDRESS)) {
            assertThatThrownBy(() -> Sht4x.open(INFO, device, sleeper)).isInstanceOf(DeviceNotFoundException.class);
        }
    }

    @Test
    void open_whenAnSht3xSitsAtTheAddress_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);
        SimulatedSht3x other = new SimulatedSht3x(sleeper);
        i2c.attach(ADDRESS, other);

        try (I2cDevice device = i2c.openDevice("env1", ADDRESS)) {
            assertThatThrownBy(() -> Sht4x.open(INFO, device, sleeper)).isInstanceOf(DeviceNotFoundException.class);
        }
        assertThat(other.violations()).singleElement().asString().contains("incomplete command");
    }

    @Test
    void fetch_afterTransientTimeoutOrCrcError_recovers() throws Exception {
        try (Sht4x sensor = open()) {
            i2c.failNext(1, BusFault.TIMEOUT);
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            chip.corruptNextReply();
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());

            assertThat(sensor.fetch().values()).hasSize(2);
        }
    }

    @Test
    void close_isIdempotent() {
        Sht4x sensor;
        try {
            sensor = open();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        sensor.close();
        sensor.close();

        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private Sht4x open() throws Exception {
        I2cDevice device = i2c.openDevice("env1", ADDRESS);
        try {
            return Sht4x.open(INFO, device, sleeper);
        } catch (Exception e) {
            device.close();
            throw e;
        }
    }
}
