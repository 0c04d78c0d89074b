// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds3231;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.RegisterBus;
import org.fieldnode.drivers.sim.FakeSleeper;
import org.fieldnode.drivers.sim.SimulatedDs3231;
import org.fieldnode.drivers.sim.SimulatedI2cBus;
import org.fieldnode.drivers.sim.SimulatedRegisterDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ds3231Test {
    private static final SensorInfo INFO =
            new SensorInfo("rtc0", Ds3231Factory.COMPATIBLE, Set.of(Channel.AMBIENT_TEMPERATURE));

    private final FakeSleeper sleeper = new FakeSleeper(1L << 60);
    private final SimulatedI2cBus i2c = new SimulatedI2cBus("i2c1");
    private final SimulatedDs3231 chip = SimulatedDs3231.on(sleeper);
    private boolean violationsExpected;

    @BeforeEach
    void wire() {
        i2c.attach(0x68, chip);
    }

    @AfterEach
    void hygiene() {
        if (!violationsExpected) {
            assertThat(chip.violations()).isEmpty();
        }
        i2c.assertNoOpenHandles();
    }

    @Test
    void read_ofAFreshChip_isEmpty_becauseOsfIsSetAtFirstPowerUp() throws Exception {
        try (Ds3231 rtc = open()) {
            assertThat(rtc.read()).isEmpty();
        }
    }

    @Test
    void set_thenRead_givesTheTimeTruncatedToTheSecond_andItKeepsRunning() throws Exception {
        try (Ds3231 rtc = open()) {
            rtc.set(Instant.parse("2026-03-14T09:26:53.589Z"));

            assertThat(rtc.read()).hasValue(Instant.parse("2026-03-14T09:26:53Z"));
            sleeper.advance(Duration.ofSeconds(90));
            assertThat(rtc.read()).hasValue(Instant.parse("2026-03-14T09:28:23Z"));
        }
        assertThat(chip.time()).isEqualTo(Instant.parse("2026-03-14T09:28:23Z"));
    }

    @Test
    void read_afterTheOscillatorStopped_isEmpty_untilSetAgain() throws Exception {
        try (Ds3231 rtc = open()) {
            rtc.set(Instant.parse("2026-06-01T00:00:00Z"));
            chip.stopOscillator();

            assertThat(rtc.read()).isEmpty();
            rtc.set(Instant.parse("2026-06-02T12:00:00Z"));
            assertThat(rtc.read()).hasValue(Instant.parse("2026-06-02T12:00:00Z"));
        }
    }

    @Test
    void read_inTwelveHourMode_passesMidnightFrom1159PmTo12Am() throws Exception {
        // Someone else set the clock in 12-hour mode: 2026-12-31, Thursday (4), 11:59:59 PM.
        chip.write(0x00, new byte[] {0x59, 0x59, 0b0111_0001, 0x04, 0x31, 0x12, 0x26});
        chip.write(Ds3231Registers.REG_STATUS, new byte[] {0x08}); // clear OSF

        try (Ds3231 rtc = open()) {
            assertThat(rtc.read()).hasValue(Instant.parse("2026-12-31T23:59:59Z"));
            sleeper.advance(Duration.ofSeconds(1));
            assertThat(rtc.read()).hasValue(Instant.parse("2027-01-01T00:00:00Z"));
        }
        byte[] hours = new byte[1];
        chip.read(Ds3231Registers.REG_HOURS, hours);
        assertThat(hours[0]).isEqualTo((byte) 0b0101_0010); // 12-hour mode, AM, 12
    }

    @Test
    void century_rollsInto2100_withTheCenturyBit() throws Exception {
        try (Ds3231 rtc = open()) {
            rtc.set(Instant.parse("2099-12-31T23:59:59Z"));
            sleeper.advance(Duration.ofSeconds(1));

            assertThat(rtc.read()).hasValue(Instant.parse("2100-01-01T00:00:00Z"));
        }
        byte[] month = new byte[1];
        chip.read(Ds3231Registers.REG_MONTH, month);
        assertThat(month[0]).isEqualTo((byte) 0x81);
    }

    @Test
    void set_beyond2199_isRejected() throws Exception {
        try (Ds3231 rtc = open()) {
            assertThatThrownBy(() -> rtc.set(Instant.parse("2200-01-01T00:00:00Z")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void read_whenTheRegistersHoldNoValidDate_isEmpty() throws Exception {
        chip.write(0x00, new byte[] {0x00, 0x00, 0x00, 0x01, 0x30, 0x02, 0x26}); // 30 February
        chip.write(Ds3231Registers.REG_STATUS, new byte[] {0x08});
        violationsExpected = true;

        try (Ds3231 rtc = open()) {
            assertThat(rtc.read()).isEmpty();
        }
        assertThat(chip.violations()).singleElement().asString().contains("no valid date");
    }

    @Test
    void fetch_readsTheTemperatureInQuarterDegrees() throws Exception {
        try (Ds3231 rtc = open()) {
            chip.setTemperature(-10.75);

            assertThat(rtc.fetch().get(Channel.AMBIENT_TEMPERATURE)).hasValue(-10.75);
        }
    }

    @Test
    void celsius_datasheetExample_00011001_01b_is25point25() {
        assertThat(Ds3231.celsius((byte) 0b0001_1001, (byte) 0b0100_0000)).isEqualTo(25.25);
        assertThat(Ds3231.celsius((byte) 0xE7, (byte) 0x40)).isEqualTo(-24.75); // −25 + 0.25
    }

    @Test
    void open_whenUnusedStatusBitsAreSet_throwsDeviceNotFound() {
        i2c.detach(0x68);
        i2c.attach(0x68, new SimulatedRegisterDevice() {
            @Override
            protected int onRead(int register) {
                return 0x70; // e.g. another part at 0x68, such as an IMU
            }
        });

        try (RegisterBus bus = i2c.open("rtc0", 0x68)) {
            assertThatThrownBy(() -> Ds3231.open(INFO, bus)).isInstanceOf(DeviceNotFoundException.class);
        }
    }

    @Test
    void close_isIdempotent() throws Exception {
        Ds3231 rtc = open();

        rtc.close();
        rtc.close();

        assertThat(i2c.openHandleCount()).isZero();
        assertThatThrownBy(rtc::read).isInstanceOf(IllegalStateException.class);
    }

    private Ds3231 open() throws Exception {
        RegisterBus bus = i2c.open("rtc0", 0x68);
        try {
            return Ds3231.open(INFO, bus);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }
}
