// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sim.BusFault;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedAds1115;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ads1115Test {
    private static final int ADDRESS = 0x48;

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private SimulatedAds1115 chip = new SimulatedAds1115(sleeper);

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
    void fetch_readsTheSelectedInput_withinHalfAnLsb() throws Exception {
        chip.setInputVolts(2, 1.2345);
        chip.setInputVolts(0, 3.0);

        try (Ads1115 sensor = open(Map.of("input", "2"))) {
            Measurement m = sensor.fetch();

            assertThat(m.values()).containsOnlyKeys(Channel.VOLTAGE);
            assertThat(m.get(Channel.VOLTAGE)).hasValueCloseTo(1.2345, within(62.5e-6));
        }
    }

    @Test
    void fetch_atTheSmallestRange_resolves7point8125Microvolts() throws Exception {
        chip.setInputVolts(1, 0.1);

        try (Ads1115 sensor = open(Map.of("input", "1", "full-scale-volts", "0.256"))) {
            assertThat(sensor.fetch().get(Channel.VOLTAGE)).hasValueCloseTo(0.1, within(3.91e-6));
        }
    }

    @Test
    void fetch_aboveFullScale_clipsAtTheLargestCode() throws Exception {
        chip.setInputVolts(0, 3.3);

        try (Ads1115 sensor = open(Map.of("full-scale-volts", "2.048"))) {
            assertThat(sensor.fetch().get(Channel.VOLTAGE)).hasValue(0x7FFF * 62.5e-6);
        }
    }

    @Test
    void fetch_computesSoilMoistureByTwoPoints_onTheSameInput_withOneConversion() throws Exception {
        chip.setInputVolts(0, 2.0);

        try (Ads1115 sensor = open(soilProbe("0"))) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.VOLTAGE)).hasValueCloseTo(2.0, within(62.5e-6));
            // (2.8 - 2.0) / (2.8 - 1.2) = 50 %
            assertThat(m.get(Channel.SOIL_MOISTURE)).hasValueCloseTo(50.0, within(0.01));
            assertThat(chip.conversions()).isEqualTo(1);
        }
    }

    @Test
    void fetch_withTheProbeOnAnotherInput_convertsBoth() throws Exception {
        chip.setInputVolts(0, 1.0); // wetter than the wet point
        chip.setInputVolts(3, 0.75);

        try (Ads1115 sensor = open(withInput(soilProbe("0"), "3"))) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.VOLTAGE)).hasValueCloseTo(0.75, within(62.5e-6));
            assertThat(m.get(Channel.SOIL_MOISTURE)).hasValue(100.0);
            assertThat(chip.conversions()).isEqualTo(2);
        }
    }

    @Test
    void fetch_waitsOneConversionPeriod_whenTheChipIsOnTime() throws Exception {
        try (Ads1115 sensor = open(Map.of("data-rate", "128"))) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before)).isEqualTo(Duration.ofNanos(7_812_500));
        }
    }

    @Test
    void fetch_whenTheOscillatorIsTenPercentSlow_pollsUntilDone() throws Exception {
        replaceChip(new SimulatedAds1115(scaled(sleeper, 0.9)));
        chip.setInputVolts(0, 1.5);

        try (Ads1115 sensor = open(Map.of("data-rate", "8"))) {
            assertThat(sensor.fetch().get(Channel.VOLTAGE)).hasValueCloseTo(1.5, within(62.5e-6));
        }
    }

    @Test
    void fetch_whenTheConversionOverrunsItsDeadline_throwsTransientDataNotReady() throws Exception {
        replaceChip(new SimulatedAds1115(scaled(sleeper, 0.5)));

        try (Ads1115 sensor = open(Map.of())) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            DataNotReadyException.class,
                            e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void fetch_afterTransientNack_succeedsOnNextCall() throws Exception {
        chip.setInputVolts(0, 0.9);

        try (Ads1115 sensor = open(Map.of())) {
            i2c.failNext(1, BusFault.NACK);

            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(sensor.fetch().get(Channel.VOLTAGE)).hasValueCloseTo(0.9, within(62.5e-6));
        }
    }

    @Test
    void open_leavesTheChipPoweredDownWithTheInputSelected() throws Exception {
        try (Ads1115 ignored = open(Map.of("input", "1", "full-scale-volts", "6.144", "data-rate", "860"))) {
            byte[] config = new byte[2];
            chip.read(Ads1115Registers.REG_CONFIG, config);

            // OS reads 1 (idle), MUX 101 (AIN1), PGA 000, MODE 1, DR 111, comparator off (COMP_QUE 11)
            assertThat((config[0] & 0xFF) << 8 | (config[1] & 0xFF)).isEqualTo(0b1_101_000_1_111_0_0_0_11);
            assertThat(chip.conversions()).isZero();
        }
    }

    @Test
    void close_isIdempotent_andFetchAfterCloseIsAnError() throws Exception {
        Ads1115 sensor = open(Map.of());

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private static Map<String, String> soilProbe(String channel) {
        return Map.of("soil-channel", channel, "soil-dry-volts", "2.8", "soil-wet-volts", "1.2");
    }

    private static Map<String, String> withInput(Map<String, String> properties, String input) {
        Map<String, String> copy = new HashMap<>(properties);
        copy.put("input", input);
        return copy;
    }

    private Ads1115 open(Map<String, String> properties) throws Exception {
        Ads1115Settings settings = Ads1115Settings.fromProperties(properties);
        RegisterBus bus = i2c.open("soil0", ADDRESS);
        try {
            return Ads1115.open(new SensorInfo("soil0", "ti,ads1115", settings.channels()), bus, settings, sleeper);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }

    private void replaceChip(SimulatedAds1115 replacement) {
        i2c.detach(ADDRESS);
        chip = replacement;
        i2c.attach(ADDRESS, chip);
    }

    /** A chip clock running at {@code rate} times the driver's: 0.9 is an oscillator 10 % slow. */
    private static Sleeper scaled(Sleeper base, double rate) {
        long origin = base.nanoTime();
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) {
                throw new UnsupportedOperationException("the chip never sleeps");
            }

            @Override
            public long nanoTime() {
                return origin + (long) ((base.nanoTime() - origin) * rate);
            }
        };
    }
}
