// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CHIP_ID;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CONFIG;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_HUM;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_CTRL_MEAS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_PRESS_MSB;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_RESET;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_STATUS;
import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.REG_TEMP_MSB;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedBme280Test {
    /** ctrl_meas: osrs_t x1, osrs_p x1, forced mode. */
    private static final int FORCED_X1 = 0b001_001_01;

    private static final int NORMAL_X1 = 0b001_001_11;

    private final FakeSleeper clock = new FakeSleeper();
    private final SimulatedBme280 chip = new SimulatedBme280(clock);

    @Test
    void powerOn_hasChipIdTrimmingAndSkippedDataValues() {
        assertThat(read(REG_CHIP_ID)).isEqualTo(0x60);
        assertThat(read(REG_CALIB_00)).isEqualTo(27504 & 0xFF);
        assertThat(read(REG_CALIB_00 + 1)).isEqualTo(27504 >> 8);
        assertThat(readBlock(REG_PRESS_MSB, 8)).containsExactly(0x80, 0x00, 0x00, 0x80, 0x00, 0x00, 0x80, 0x00);
        assertThat(read(REG_STATUS)).isZero();
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void forcedConversion_measuresForTypicalTime_thenPublishesAndSleeps() {
        write(REG_CTRL_HUM, 0b001);
        write(REG_CTRL_MEAS, FORCED_X1);

        assertThat(read(REG_STATUS) & 0b1000).isNotZero();
        clock.sleep(Duration.ofMillis(8)); // DS §9.1 typical for x1/x1/x1
        assertThat(read(REG_STATUS)).isZero();
        assertThat(read(REG_CTRL_MEAS) & 0b11).as("back to sleep").isZero();
        assertThat(chip.conversions()).isEqualTo(1);
        assertThat(readBlock(REG_PRESS_MSB, 8)).isNotEqualTo(new int[] {0x80, 0, 0, 0x80, 0, 0, 0x80, 0});
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void skippedMeasurements_output0x80000And0x8000() {
        chip.setConditions(22.0, 50.0, 100_000);
        write(REG_CTRL_HUM, 0b000);
        write(REG_CTRL_MEAS, 0b001_000_01); // temperature only
        clock.sleep(Duration.ofMillis(10));

        int[] data = readBlock(REG_PRESS_MSB, 8);

        assertThat(new int[] {data[0], data[1], data[2]}).containsExactly(0x80, 0x00, 0x00);
        assertThat(new int[] {data[6], data[7]}).containsExactly(0x80, 0x00);
        assertThat(data[3]).isNotEqualTo(0x80);
    }

    @Test
    void setConditions_producesAdcValuesThatTheFloatingPointFormulasMapBack() {
        chip.setConditions(31.7, 23.0, 95_500);
        write(REG_CONFIG, 0b010 << 2); // filter on: full 20-bit resolution
        write(REG_CTRL_HUM, 0b001);
        write(REG_CTRL_MEAS, FORCED_X1);
        clock.sleep(Duration.ofMillis(8));
        int[] d = readBlock(REG_PRESS_MSB, 8);
        int adcP = d[0] << 12 | d[1] << 4 | d[2] >> 4;
        int adcT = d[3] << 12 | d[4] << 4 | d[5] >> 4;
        int adcH = d[6] << 8 | d[7];

        Bmx280FloatCompensation formulas = new Bmx280FloatCompensation(chip.trimming());
        int tFine = formulas.tFine(adcT);
        assertThat(formulas.celsius(adcT)).isCloseTo(31.7, within(0.001));
        assertThat(formulas.pascal(adcP, tFine)).isCloseTo(95_500, within(0.1));
        assertThat(formulas.relativeHumidity(adcH, tFine)).isCloseTo(23.0, within(0.005));
    }

    @Test
    void softReset_restoresPowerOnValues_andCopiesTrimmingFor2ms() {
        write(REG_CTRL_HUM, 0b101);
        write(REG_CTRL_MEAS, 0b101_101_00);

        write(REG_RESET, 0xB6);

        assertThat(read(REG_STATUS)).isEqualTo(0b0001);
        assertThat(read(REG_CTRL_HUM)).isZero();
        assertThat(read(REG_CTRL_MEAS)).isZero();
        assertThat(read(REG_RESET)).isZero();
        clock.sleep(Duration.ofMillis(2));
        assertThat(read(REG_STATUS)).isZero();
        assertThat(chip.violations()).isEmpty();
    }

    @Test
    void normalMode_keepsConverting_andDataMayBeReadWhileMeasuring() {
        write(REG_CONFIG, 0b110 << 5); // t_sb 10 ms
        write(REG_CTRL_HUM, 0b001);
        write(REG_CTRL_MEAS, NORMAL_X1);

        clock.sleep(Duration.ofMillis(18 * 3 + 1)); // three 8 ms + 10 ms cycles, then 1 ms into the fourth

        assertThat(chip.conversions()).isEqualTo(3);
        assertThat(read(REG_STATUS) & 0b1000).isNotZero();
        readBlock(REG_PRESS_MSB, 8);
        assertThat(chip.violations()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {REG_CHIP_ID, REG_STATUS, REG_CALIB_00, 0xA1, 0xE4, REG_PRESS_MSB, REG_TEMP_MSB, 0xFE})
    void writeToReadOnlyRegister_isAViolation(int register) {
        write(register, 0x12);

        assertThat(chip.violations())
                .singleElement()
                .asString()
                .contains("read-only register 0x%02X".formatted(register));
    }

    @Test
    void readOnlyRegisters_keepTheirValue() {
        write(REG_CHIP_ID, 0x58);

        assertThat(read(REG_CHIP_ID)).isEqualTo(0x60);
    }

    @Test
    void writeToReservedRegister_isAViolation() {
        write(0xF6, 0x01);

        assertThat(chip.violations()).singleElement().asString().contains("reserved register 0xF6");
    }

    @Test
    void resetWithAnotherWord_isAViolation() {
        write(REG_RESET, 0xB5);

        assertThat(chip.violations()).singleElement().asString().contains("0xB5", "§5.4.2");
    }

    @Test
    void configWrittenInNormalMode_isAViolation_andIgnored() {
        write(REG_CTRL_MEAS, NORMAL_X1);

        write(REG_CONFIG, 0b100 << 2);

        assertThat(chip.violations()).singleElement().asString().contains("normal mode", "§5.4.6");
        assertThat(read(REG_CONFIG)).isZero();
    }

    @Test
    void dataReadWithCtrlHumNotAppliedByCtrlMeas_isAViolation() {
        write(REG_CTRL_MEAS, FORCED_X1);
        clock.sleep(Duration.ofMillis(10));
        write(REG_CTRL_HUM, 0b011); // no ctrl_meas afterwards

        readBlock(REG_PRESS_MSB, 8);

        assertThat(chip.violations()).singleElement().asString().contains("ctrl_hum", "§5.4.3");
    }

    @Test
    void ctrlHumWithoutCtrlMeas_leavesHumiditySkipped_likeTheRealChip() {
        write(REG_CTRL_MEAS, FORCED_X1); // applies ctrl_hum = 0: humidity skipped
        write(REG_CTRL_HUM, 0b001); // too late for the running conversion
        clock.sleep(Duration.ofMillis(10));

        int[] humidity = readBlock(0xFD, 2);

        assertThat(humidity).containsExactly(0x80, 0x00);
    }

    @Test
    void dataReadDuringForcedConversion_isAViolation() {
        write(REG_CTRL_HUM, 0b001);
        write(REG_CTRL_MEAS, FORCED_X1);
        clock.sleep(Duration.ofMillis(5));

        readBlock(REG_PRESS_MSB, 8);

        assertThat(chip.violations()).singleElement().asString().contains("measuring");
    }

    @Test
    void trimmingReadDuringNvmCopy_isAViolation() {
        write(REG_RESET, 0xB6);

        readBlock(REG_CALIB_00, 26);

        assertThat(chip.violations()).singleElement().asString().contains("im_update");
    }

    @Test
    void setConditions_outsideOperatingRange_isRejected() {
        assertThatThrownBy(() -> chip.setConditions(90, 50, 100_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chip.setConditions(20, 101, 100_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chip.setConditions(20, 50, 20_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionSource_isPulledAtEveryConversion() {
        int[] calls = {0};
        chip.setConditionSource(() -> {
            calls[0]++;
            return new Conditions(20 + calls[0], 50, 100_000);
        });

        for (int i = 0; i < 3; i++) {
            write(REG_CTRL_MEAS, FORCED_X1);
            clock.sleep(Duration.ofMillis(6));
            readBlock(REG_STATUS, 1);
        }

        assertThat(calls[0]).isEqualTo(3);
        assertThat(chip.conversions()).isEqualTo(3);
    }

    private void write(int register, int value) {
        chip.write(register, new byte[] {(byte) value});
    }

    private int read(int register) {
        return readBlock(register, 1)[0];
    }

    private int[] readBlock(int register, int length) {
        byte[] bytes = new byte[length];
        chip.read(register, bytes);
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }
}
