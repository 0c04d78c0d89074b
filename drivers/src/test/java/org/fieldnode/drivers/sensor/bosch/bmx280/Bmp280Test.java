// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Factory;
import org.fieldnode.drivers.sensor.bosch.bmp280.Bmp280Settings;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBmp280;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bmp280Test {
    private static final int ADDRESS = 0x77;

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private SimulatedBmp280 chip = new SimulatedBmp280(sleeper);

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
    void fetch_convertsDatasheetExample_to25point08CelsiusAnd100653Pa() throws Exception {
        chip.setRawAdc(415148, 519888); // DS §3.12, Table 16

        try (Bmx280 sensor = open(Bmp280Settings.defaults())) {
            Measurement m = sensor.fetch();

            assertThat(m.values()).containsOnlyKeys(Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE);
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(25.08);
            assertThat(m.get(Channel.PRESSURE)).hasValue(25_767_233 / 256.0);
        }
    }

    @Test
    void fetch_returnsSimulatedConditionsWithinResolution() throws Exception {
        chip.setConditions(-5.5, 85_000);

        try (Bmx280 sensor = open(Bmp280Settings.fromProperties(Map.of("oversampling", "16")))) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(-5.5, within(0.01));
            assertThat(m.get(Channel.PRESSURE)).hasValueCloseTo(85_000.0, within(0.6));
        }
    }

    @Test
    void fetch_waitsTheTypicalTimeOfTable13_whenTheChipIsOnTime() throws Exception {
        try (Bmx280 sensor = open(Bmp280Settings.defaults())) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before))
                    .isEqualTo(Duration.ofMillis(5).plusNanos(500_000));
            assertThat(chip.conversions()).isEqualTo(1);
        }
    }

    @Test
    void fetch_whenTheConversionOverrunsItsMaximumTime_throwsTransientDataNotReady() throws Exception {
        replaceChip(new SimulatedBmp280(halfSpeed(sleeper)));

        try (Bmx280 sensor = open(Bmp280Settings.defaults())) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            DataNotReadyException.class,
                            e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void fetch_whenPressureIsSkipped_leavesItOut() throws Exception {
        try (Bmx280 sensor = open(Bmp280Settings.fromProperties(Map.of("pressure-oversampling", "0")))) {
            assertThat(sensor.fetch().values()).containsOnlyKeys(Channel.AMBIENT_TEMPERATURE);
        }
    }

    @Test
    void fetch_afterTransientNack_succeedsOnNextCall() throws Exception {
        chip.setConditions(12.0, 99_000);

        try (Bmx280 sensor = open(Bmp280Settings.defaults())) {
            i2c.failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(12.0, within(0.01));
        }
    }

    @Test
    void open_whenABme280Answers_throwsDeviceNotFound() {
        chip.setChipId(0x60);

        try (RegisterBus bus = i2c.open("baro0", ADDRESS)) {
            assertThatThrownBy(() -> Bmx280.open(
                            Bmx280Model.BMP280,
                            info(Bmp280Settings.defaults()),
                            bus,
                            Bmp280Settings.defaults(),
                            sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("0x60");
        }
    }

    @Test
    void close_isIdempotent_andFetchAfterCloseIsAnError() throws Exception {
        Bmx280 sensor = open(Bmp280Settings.defaults());

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void calibration_parsesTheSimulatorsTrimmingImage() {
        byte[] block = new byte[Bmx280Model.BMP280.trimmingLength()];
        chip.read(Bmx280Registers.REG_CALIB_00, block);

        assertThat(Bmx280Trimming.parse(block, new byte[0]))
                .isEqualTo(new Bmx280Trimming(
                        27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 0, 0, 0, 0, 0,
                        0));
    }

    private Bmx280 open(Bmp280Settings settings) throws Exception {
        RegisterBus bus = i2c.open("baro0", ADDRESS);
        try {
            return Bmx280.open(Bmx280Model.BMP280, info(settings), bus, settings, sleeper);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }

    private static SensorInfo info(Bmp280Settings settings) {
        return new SensorInfo("baro0", Bmp280Factory.COMPATIBLE, settings.channels());
    }

    private void replaceChip(SimulatedBmp280 replacement) {
        i2c.detach(ADDRESS);
        chip = replacement;
        i2c.attach(ADDRESS, chip);
    }

    /** A chip clock running at half the driver's speed: every conversion takes twice its typical time. */
    private static Sleeper halfSpeed(Sleeper base) {
        long origin = base.nanoTime();
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) {
                throw new UnsupportedOperationException("the chip never sleeps");
            }

            @Override
            public long nanoTime() {
                return origin + (base.nanoTime() - origin) / 2;
            }
        };
    }
}
