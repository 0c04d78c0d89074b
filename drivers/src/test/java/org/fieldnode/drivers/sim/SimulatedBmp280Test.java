// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers;
import org.junit.jupiter.api.Test;

class SimulatedBmp280Test {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedBmp280 chip = new SimulatedBmp280(clock);

    @Test
    void answersChipId0x58_andHasNoHumidityTrimmingAt0xA1() {
        byte[] id = new byte[1];
        chip.read(Bmx280Registers.REG_CHIP_ID, id);

        assertThat(id[0] & 0xFF).isEqualTo(0x58);
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void ctrlHumWrite_isRecordedAsHumidityRegisterUse() {
        chip.write(0xF2, new byte[] {0x01});

        assertThat(chip.violations()).singleElement().asString().contains("0xF2", "humidity");
    }

    @Test
    void bme280SizedDataBurst_isRecordedBecauseItReadsHumMsbAndHumLsb() {
        chip.read(Bmx280Registers.REG_PRESS_MSB, new byte[8]);

        assertThat(chip.violations()).singleElement().asString().contains("0xFD", "humidity");
    }

    @Test
    void humidityTrimmingRead_isRecorded() {
        chip.read(0xE1, new byte[7]);

        assertThat(chip.violations()).singleElement().asString().contains("0xE1");
    }

    @Test
    void forcedConversion_setsMeasuringForTheTypicalTime_thenSleeps() {
        chip.write(Bmx280Registers.REG_CTRL_MEAS, new byte[] {0b001_001_01});

        assertThat(status() & Bmx280Registers.STATUS_MEASURING).isNotZero();
        clock.advance(java.time.Duration.ofNanos(5_500_000));
        assertThat(status() & Bmx280Registers.STATUS_MEASURING).isZero();
        assertThat(chip.conversions()).isEqualTo(1);
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void configWrittenInNormalMode_isRecordedAndIgnored() {
        chip.write(Bmx280Registers.REG_CTRL_MEAS, new byte[] {0b001_001_11});
        chip.write(Bmx280Registers.REG_CONFIG, new byte[] {0b000_100_00});

        byte[] config = new byte[1];
        chip.read(Bmx280Registers.REG_CONFIG, config);
        assertThat(config[0]).isZero();
        assertThat(chip.violations()).singleElement().asString().contains("normal mode");
    }

    private int status() {
        byte[] one = new byte[1];
        chip.read(Bmx280Registers.REG_STATUS, one);
        return one[0] & 0xFF;
    }
}
