// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBh1750;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bh1750Test {
    private static final int ADDRESS = 0x23;
    private static final SensorInfo INFO =
            new SensorInfo("lux0", Bh1750Factory.COMPATIBLE, new Bh1750Factory().channels());

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private final SimulatedBh1750 chip = new SimulatedBh1750(sleeper);

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
    void fetch_returnsTheIlluminanceWithinOneCount() throws Exception {
        chip.setIlluminance(1234.5);

        try (Bh1750 sensor = open(Bh1750Settings.defaults())) {
            assertThat(sensor.fetch().get(Channel.ILLUMINANCE)).hasValueCloseTo(1234.5, within(0.5 / 1.2));
        }
    }

    @Test
    void fetch_usesOneTimeMode_soTheChipPowersDownAfterwards() throws Exception {
        try (Bh1750 sensor = open(Bh1750Settings.defaults())) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before)).isEqualTo(Duration.ofMillis(180));
            assertThat(chip.measurements()).isEqualTo(1);
            assertThat(chip.continuous()).isFalse();
            assertThat(chip.poweredOn()).isFalse();
        }
    }

    @Test
    void fetch_withLongerMeasurementTime_waitsLongerAndScalesTheCount() throws Exception {
        chip.setIlluminance(10.25);

        try (Bh1750 sensor = open(Bh1750Settings.fromProperties(Map.of("mtreg", "254")))) {
            Duration before = sleeper.totalSlept();

            double lux = sensor.fetch().get(Channel.ILLUMINANCE).orElseThrow();

            assertThat(chip.mtreg()).isEqualTo(254);
            assertThat(sleeper.totalSlept().minus(before)).isBetween(Duration.ofMillis(662), Duration.ofMillis(663));
            assertThat(lux).isCloseTo(10.25, within(0.5 / 1.2 * 69 / 254));
        }
    }

    @Test
    void fetch_inFullSunlight_saturatesAtTheLargestCount() throws Exception {
        chip.setIlluminance(100_000);

        try (Bh1750 sensor = open(Bh1750Settings.defaults())) {
            assertThat(sensor.fetch().get(Channel.ILLUMINANCE)).hasValueCloseTo(0xFFFF / 1.2, within(1e-9));
        }
    }

    @Test
    void open_whenNothingAnswers_throwsDeviceNotFound() {
        i2c.detach(ADDRESS);

        try (I2cDevice device = i2c.openDevice("lux0", ADDRESS)) {
            assertThatThrownBy(() -> Bh1750.open(INFO, device, Bh1750Settings.defaults(), sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("lux0");
        }
    }

    @Test
    void open_afterATransientNack_reportsItAsTransient() {
        i2c.failNext(1, BusFault.NACK);

        try (I2cDevice device = i2c.openDevice("lux0", ADDRESS)) {
            assertThatThrownBy(() -> Bh1750.open(INFO, device, Bh1750Settings.defaults(), sleeper))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void fetch_afterTransientNack_succeedsOnNextCall() throws Exception {
        chip.setIlluminance(50);

        try (Bh1750 sensor = open(Bh1750Settings.defaults())) {
            i2c.failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().get(Channel.ILLUMINANCE)).hasValueCloseTo(50.0, within(0.5 / 1.2));
        }
    }

    @Test
    void settings_rejectMtregOutsideItsRange_namingTheKey() {
        assertThatThrownBy(() -> Bh1750Settings.fromProperties(Map.of("mtreg", "30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mtreg:");
        assertThatThrownBy(() -> Bh1750Settings.fromProperties(Map.of("mtreg", "lots")))
                .hasMessageStartingWith("mtreg:");
        assertThat(Bh1750Settings.fromProperties(Map.of("mtreg", "0x45")).mtreg())
                .isEqualTo(69);
    }

    @Test
    void close_isIdempotent() throws Exception {
        Bh1750 sensor = open(Bh1750Settings.defaults());

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private Bh1750 open(Bh1750Settings settings) throws Exception {
        I2cDevice device = i2c.openDevice("lux0", ADDRESS);
        try {
            return Bh1750.open(INFO, device, settings, sleeper);
        } catch (Exception e) {
            device.close();
            throw e;
        }
    }
}
