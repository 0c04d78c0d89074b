// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

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
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedIna219;
import org.fieldnode.drivers.sim.SimulatedWordRegisterDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Ina219Test {
    private static final int ADDRESS = 0x40;

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private SimulatedIna219 chip;

    @AfterEach
    void hygiene() {
        if (chip != null) {
            assertThat(chip.violations()).isEmpty();
        }
        i2c.assertNoOpenHandles();
    }

    @Test
    void fetch_ofTheDatasheetExample_gives11point98V_10A_119point8W_andItsRegisterValues() throws Exception {
        attach(new SimulatedIna219(sleeper, 0.002));
        chip.setShuntAndBusVolts(0.020, 11.98); // 10 A through 2 mΩ, IN− at 12 V − 20 mV

        try (Ina219 sensor = open(Ina219SettingsTest.DATASHEET_EXAMPLE)) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.VOLTAGE)).hasValueCloseTo(11.98, within(1e-9));
            assertThat(m.get(Channel.CURRENT)).hasValueCloseTo(10.0, within(1e-9));
            assertThat(m.get(Channel.POWER)).hasValueCloseTo(119.8, within(1e-9));
        }
        // SBOS448G §9.2.2.1: shunt 07D0h, bus 5D98h, calibration 5000h, current 2710h, power 1766h
        assertThat(register(Ina219Registers.REG_SHUNT_VOLTAGE)).isEqualTo(0x07D0);
        assertThat(register(Ina219Registers.REG_BUS_VOLTAGE)).isEqualTo(0x5D98);
        assertThat(register(Ina219Registers.REG_CALIBRATION)).isEqualTo(0x5000);
        assertThat(register(Ina219Registers.REG_CURRENT)).isEqualTo(0x2710);
        assertThat(register(Ina219Registers.REG_POWER)).isEqualTo(0x1766);
    }

    @Test
    void fetch_withDefaults_readsASolarChargeCurrentWithinOneLsb() throws Exception {
        attach(new SimulatedIna219(sleeper));
        chip.setLoad(13.2, 1.234);

        try (Ina219 sensor = open(Map.of())) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.VOLTAGE)).hasValueCloseTo(13.2, within(0.002));
            // The shunt register resolves 10 µV / 0.1 Ω = 100 µA; the current register adds one Current_LSB.
            assertThat(m.get(Channel.CURRENT)).hasValueCloseTo(1.234, within(0.0002));
            assertThat(m.get(Channel.POWER)).hasValueCloseTo(13.2 * 1.234, within(0.01));
        }
    }

    @Test
    void fetch_ofAReverseCurrent_isNegative_withPositivePower() throws Exception {
        attach(new SimulatedIna219(sleeper));
        chip.setLoad(12.6, -0.5); // a battery discharging through a bidirectional shunt

        try (Ina219 sensor = open(Map.of())) {
            Measurement m = sensor.fetch();

            assertThat(m.get(Channel.CURRENT)).hasValueCloseTo(-0.5, within(0.0002));
            assertThat(m.get(Channel.POWER).orElseThrow()).isPositive();
        }
    }

    @Test
    void fetch_whenTheCurrentOverflowsTheCalibratedRange_reportsOvfAsTransient() throws Exception {
        attach(new SimulatedIna219(sleeper));
        chip.setLoad(12.0, 2.0); // 200 mV, beyond ±160 mV for max-current-amps 1

        try (Ina219 sensor = open(Map.of("max-current-amps", "1"))) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            BusException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("OVF");
            chip.setLoad(12.0, 0.5);
            assertThat(sensor.fetch().get(Channel.CURRENT)).hasValueCloseTo(0.5, within(0.0002));
        }
    }

    @Test
    void fetch_waitsTwoTwelveBitConversions_whenTheChipIsOnTime() throws Exception {
        attach(new SimulatedIna219(sleeper));

        try (Ina219 sensor = open(Map.of())) {
            Duration before = sleeper.totalSlept();

            sensor.fetch();

            assertThat(sleeper.totalSlept().minus(before)).isEqualTo(Duration.ofNanos(1_064_000));
            assertThat(chip.conversions()).isEqualTo(1);
        }
    }

    @Test
    void fetch_whenTheConversionOverrunsItsMaximumTime_throwsTransientDataNotReady() throws Exception {
        attach(new SimulatedIna219(halfSpeed(sleeper)));

        try (Ina219 sensor = open(Map.of())) {
            assertThatThrownBy(sensor::fetch)
                    .isInstanceOfSatisfying(
                            DataNotReadyException.class,
                            e -> assertThat(e.isTransient()).isTrue());
        }
    }

    @Test
    void open_whenConfigDoesNotResetTo0x399F_throwsDeviceNotFound() {
        i2c.attach(ADDRESS, new Ina226Like());

        try (RegisterBus bus = i2c.open("pwr0", ADDRESS)) {
            Ina219Settings settings = Ina219Settings.defaults();
            assertThatThrownBy(() -> Ina219.open(info(), bus, settings, sleeper))
                    .isInstanceOf(DeviceNotFoundException.class)
                    .hasMessageContaining("0x4127");
        }
    }

    @Test
    void conversions_matchTheDatasheetScaling() {
        assertThat(Ina219.busVolts(0x5D98)).isCloseTo(11.98, within(1e-12));
        assertThat(Ina219.busVolts(0x5D98 | Ina219Registers.BUS_CNVR)).isCloseTo(11.98, within(1e-12));
        assertThat(Ina219.shuntVolts(0x07D0)).isCloseTo(0.020, within(1e-12));
        assertThat(Ina219.shuntVolts(0xF830)).isCloseTo(-0.020, within(1e-12)); // two's complement −2000
    }

    @Test
    void close_isIdempotent_andFetchAfterCloseIsAnError() throws Exception {
        attach(new SimulatedIna219(sleeper));
        Ina219 sensor = open(Map.of());

        sensor.close();
        sensor.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(sensor::fetch).isInstanceOf(IllegalStateException.class);
    }

    private void attach(SimulatedIna219 simulated) {
        chip = simulated;
        i2c.attach(ADDRESS, chip);
    }

    private Ina219 open(Map<String, String> properties) throws Exception {
        Ina219Settings settings = Ina219Settings.fromProperties(properties);
        RegisterBus bus = i2c.open("pwr0", ADDRESS);
        try {
            return Ina219.open(info(), bus, settings, sleeper);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }

    private static SensorInfo info() {
        return new SensorInfo("pwr0", Ina219Factory.COMPATIBLE, new Ina219Factory().channels());
    }

    private int register(int pointer) {
        byte[] two = new byte[2];
        chip.read(pointer, two);
        return (two[0] & 0xFF) << 8 | (two[1] & 0xFF);
    }

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

    /** Another part at the same address: its config resets to 0x4127, as an INA226's does. */
    private static final class Ina226Like extends SimulatedWordRegisterDevice {
        Ina226Like() {
            super("INA226", 8);
            setWord(0, 0x4127);
        }

        @Override
        protected void onWordWrite(int pointer, int value) {
            setWord(pointer, pointer == 0 ? 0x4127 : value);
        }
    }
}
