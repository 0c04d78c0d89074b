// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConversionTest {
    @Test
    void datasheetExample_0x8390Is28067Lux() {
        // DS "Measurement sequence example": High Byte 1000_0011, Low Byte 1001_0000 → 33680 / 1.2 ≈ 28067 lx.
        assertThat(Conversion.lux(0b1000_0011_1001_0000, 69)).isCloseTo(28_067, within(0.5));
    }

    @Test
    void mtreg_scalesSensitivityInversely() {
        assertThat(Conversion.lux(1200, 69)).isCloseTo(1000.0, within(1e-9));
        assertThat(Conversion.lux(1200, 138)).isCloseTo(500.0, within(1e-9));
        assertThat(Conversion.lux(1200, 31)).isCloseTo(1000.0 * 69 / 31, within(1e-9));
    }

    @Test
    void mtregOpcodes_splitTheRegisterInto3And5Bits() {
        assertThat(Bh1750Opcodes.mtregOpcodes(69)).containsExactly(0b0100_0010, 0b0110_0101);
        assertThat(Bh1750Opcodes.mtregOpcodes(254)).containsExactly(0b0100_0111, 0b0111_1110);
        assertThat(Bh1750Opcodes.mtregOpcodes(31)).containsExactly(0b0100_0000, 0b0111_1111);
    }

    @Test
    void measurementTime_scalesWithMtreg() {
        assertThat(Bh1750Opcodes.scaled(Duration.ofMillis(180), 69)).isEqualTo(Duration.ofMillis(180));
        assertThat(Bh1750Opcodes.scaled(Duration.ofMillis(180), 138)).isEqualTo(Duration.ofMillis(360));
        assertThat(Bh1750Opcodes.scaled(Duration.ofMillis(180), 31)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    }

    @Test
    void opcodes_areTheDatasheetsHexValues() {
        assertThat(Bh1750Opcodes.ONE_TIME_H_RESOLUTION).isEqualTo(0x20).isEqualTo(32);
        assertThat(Bh1750Opcodes.CONTINUOUS_H_RESOLUTION).isEqualTo(0x10).isEqualTo(16);
        assertThat(Bh1750Opcodes.RESET).isEqualTo(0x07);
    }
}
