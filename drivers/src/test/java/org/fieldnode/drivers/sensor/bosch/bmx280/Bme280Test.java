// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_MEAS;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedBme280;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bme280Test {
    private static final int ADDRESS = 0x76;
    private static final SensorInfo INFO =
            new SensorInfo("env0", "bosch,bme280", Bme280Settings.defaults().channels());

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private SimulatedBme280 chip = new SimulatedBme280(sleeper);

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
    void fetch_convertsDatasheetExampleToSiUnits() throws Exception {
        chip.setRawAdc(DatasheetExample.ADC_P, DatasheetExample.ADC_T, 0x7000);

        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(25.08);
            assertThat(m.get(Channel.PRESSURE)).hasValueCloseTo(100_653.25, within(0.01));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY))
                    .hasValue(Compensation.relativeHumidity(DatasheetExample.TRIMMING, 0x7000, DatasheetExample.ADC_T));
        }
    }

    @Test
    void fetch_returnsSimulatedConditionsWithinResolution_atDefaultOversampling() throws Exception {
        chip.setConditions(21.5, 55.0, 99_000);

        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            Measurement m = sensor.fetch();

            // x1 and filter off: 16-bit temperature and pressure (DS §3.4), one step is about 0.005 °C and 2.7 Pa;
            // the integer outputs add 0.01 °C and 1/1024 %RH, and over the operating range the datasheet's integer
            // and floating-point pressure formulas (the simulator inverts the latter) differ by up to 0.51 Pa.
            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(21.5, within(0.01));
            assertThat(m.get(Channel.PRESSURE)).hasValueCloseTo(99_000.0, within(2.0));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(55.0, within(0.01));
        }
    }

    @Test
    void fetch_returnsSimulatedConditionsWithinResolution_atSixteenfoldOversampling() throws Exception {
        chip.setConditions(-12.25, 87.5, 71_300);
        Bme280Settings fine = Bme280Settings.fromProperties(Map.of("oversampling", "16"));

        try (Bmx280 sensor = open(fine)) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(-12.25, within(0.01));
            // 20 bits: half a step is 0.09 Pa, plus up to 0.51 Pa between the integer and floating-point formulas.
            assertThat(m.get(Channel.PRESSURE)).hasValueCloseTo(71_300.0, within(0.6));
            assertThat(m.get(Channel.RELATIVE_HUMIDITY)).hasValueCloseTo(87.5, within(0.01));
        }
    }

    @Test
    void fetch_waitsTheTypicalMeasurementTimeOnly_whenTheChipIsOnTime() throws Exception {
        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before)).isEqualTo(Duration.ofMillis(8));
            assertThat(chip.conversions()).isEqualTo(1);
        }
    }

    @Test
    void fetch_whenTheChipIsSlowerThanTypical_pollsStatusUntilDone() throws Exception {
        useChip(new SimulatedBme280(new ScaledClock(sleeper, 8.0 / 8.8))); // 8 ms take 8.8 ms, below max 9.3 ms
        chip.setConditions(25.0, 40.0, 100_000);

        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            Duration before = sleeper.totalSlept();

            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(25.0, within(0.01));
            assertThat(sleeper.totalSlept().minus(before)).isBetween(Duration.ofMillis(8), Duration.ofMillis(10));
        }
    }

    @Test
    void fetch_whenTheConversionOverrunsItsMaximumTime_throwsTransientDataNotReady() throws Exception {
        useChip(new SimulatedBme280(new ScaledClock(sleeper, 0.5))); // 8 ms take 16 ms

        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            DataNotReadyException.class,
                            e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("env0");
        }
    }

    @Test
    void open_whenChipIdIsNotBme280_throwsDeviceNotFound() {
        chip.setChipId(0x58); // a BMP280

        try (RegisterBus bus = i2c.open("env0", ADDRESS)) {
            assertThatThrownBy(() -> Bmx280.open(Bmx280Model.BME280, INFO, bus, Bme280Settings.defaults(), sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("0x58");
        }
    }

    @Test
    void open_whenNothingAnswers_throwsPermanentBusException() {
        i2c.detach(ADDRESS);

        try (RegisterBus bus = i2c.open("env0", ADDRESS)) {
            assertThatThrownBy(() -> Bmx280.open(Bmx280Model.BME280, INFO, bus, Bme280Settings.defaults(), sleeper))
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isFalse());
        }
    }

    @Test
    void fetch_afterTransientNack_succeedsOnNextCall() throws Exception {
        chip.setConditions(18.0, 70.0, 101_000);

        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            i2c.failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValueCloseTo(18.0, within(0.01));
        }
    }

    @Test
    void fetch_afterShortRead_succeedsOnNextCall() throws Exception {
        try (Bmx280 sensor = open(Bme280Settings.defaults())) {
            i2c.failNext(1, BusFault.SHORT_READ); // hits the first read: the status poll

            assertThatThrownBy(sensor::fetch).isInstanceOf(BusException.class);
            assertThat(sensor.fetch().values()).containsOnlyKeys(INFO.channels());
        }
    }

    @Test
    void open_writesSettingsFromPropertiesInDatasheetOrder() throws Exception {
        Bme280Settings settings = Bme280Settings.fromProperties(
                Map.of("oversampling", "16", "humidity-oversampling", "2", "filter", "4"));

        try (Bmx280 ignored = open(settings)) {
            assertThat(chipRegister(REG_CTRL_HUM)).isEqualTo(0b010);
            assertThat(chipRegister(REG_CONFIG)).isEqualTo(0b010 << 2);
            assertThat(chipRegister(REG_CTRL_MEAS)).isEqualTo(0b101 << 5 | 0b101 << 2); // sleep mode
        }
    }

    @Test
    void fetch_whenPressureIsSkipped_leavesItOut() throws Exception {
        Bme280Settings settings = Bme280Settings.fromProperties(Map.of("pressure-oversampling", "0"));

        try (Bmx280 sensor = open(settings)) {
            assertThat(sensor.fetch().values())
                    .containsOnlyKeys(Channel.AMBIENT_TEMPERATURE, Channel.RELATIVE_HUMIDITY);
        }
    }

    @Test
    void close_isIdempotent_andFetchAfterCloseIsAnError() throws Exception {
        Bmx280 sensor = open(Bme280Settings.defaults());

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private Bmx280 open(Bme280Settings settings) throws Exception {
        RegisterBus bus = i2c.open("env0", ADDRESS);
        try {
            return Bmx280.open(
                    Bmx280Model.BME280,
                    new SensorInfo("env0", "bosch,bme280", settings.channels()),
                    bus,
                    settings,
                    sleeper);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }

    private void useChip(SimulatedBme280 replacement) {
        i2c.detach(ADDRESS);
        chip = replacement;
        i2c.attach(ADDRESS, chip);
    }

    private int chipRegister(int register) {
        byte[] one = new byte[1];
        chip.read(register, one);
        return one[0] & 0xFF;
    }
}
