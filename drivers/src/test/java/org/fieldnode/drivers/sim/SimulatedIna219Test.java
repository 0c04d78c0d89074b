// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fieldnode.drivers.sensor.ti.ina219.Ina219Registers;
import org.junit.jupiter.api.Test;

class SimulatedIna219Test {
    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedIna219 chip = new SimulatedIna219(clock, 0.1);

    @Test
    void currentReadWithCalibrationZero_isRecorded() {
        chip.setLoad(5.0, 1.0);
        clock.advance(Duration.ofMillis(2));

        assertThat(read(Ina219Registers.REG_CURRENT)).isZero();
        assertThat(chip.violations()).singleElement().asString().contains("calibration register is 0");
    }

    @Test
    void currentIsShuntTimesCalibrationOver4096_truncated() {
        chip.setLoad(5.0, 0.3333); // 3333 × 10 µV
        write(Ina219Registers.REG_CALIBRATION, 4097); // FS0 is void: stored as 4096
        clock.advance(Duration.ofMillis(2));

        assertThat(read(Ina219Registers.REG_CALIBRATION)).isEqualTo(4096);
        assertThat(read(Ina219Registers.REG_CURRENT)).isEqualTo(3333);
        assertThat(read(Ina219Registers.REG_POWER)).isEqualTo(3333 * 1250 / 5000);
        assertThat(read(Ina219Registers.REG_BUS_VOLTAGE) & Ina219Registers.BUS_CNVR)
                .isZero(); // cleared by power
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void writeToAReadOnlyRegister_andAOneByteWrite_areRecorded() {
        write(Ina219Registers.REG_CURRENT, 1);
        chip.write(Ina219Registers.REG_CALIBRATION, new byte[] {0x10});

        assertThat(chip.violations()).hasSize(2);
    }

    @Test
    void resetBit_restoresPowerOnValues() {
        write(Ina219Registers.REG_CALIBRATION, 0x1000);
        write(Ina219Registers.REG_CONFIG, Ina219Registers.CONFIG_RST);

        assertThat(read(Ina219Registers.REG_CONFIG)).isEqualTo(Ina219Registers.CONFIG_RESET);
        assertThat(read(Ina219Registers.REG_CALIBRATION)).isZero();
    }

    private int read(int pointer) {
        byte[] two = new byte[2];
        chip.read(pointer, two);
        return (two[0] & 0xFF) << 8 | (two[1] & 0xFF);
    }

    private void write(int pointer, int value) {
        chip.write(pointer, new byte[] {(byte) (value >> 8), (byte) value});
    }
}
