// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DataNotReadyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScratchpadTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Datasheet Table 1, "Temperature/data relationship", at 12-bit resolution. */
    @ParameterizedTest
    @CsvSource({
        "0x07D0, 125.0",
        "0x0550, 85.0",
        "0x0191, 25.0625",
        "0x00A2, 10.125",
        "0x0008, 0.5",
        "0x0000, 0.0",
        "0xFFF8, -0.5",
        "0xFF5E, -10.125",
        "0xFE6F, -25.0625",
        "0xFC90, -55.0"
    })
    void celsius_matchesDatasheetTable1(String raw, double celsius) {
        assertThat(Scratchpad.celsius(Integer.decode(raw), 12)).isEqualTo(celsius);
    }

    /** Figure 4: bit 0 is undefined at 11 bit, bits 1..0 at 10 bit, bits 2..0 at 9 bit. 0x0197 = 25.4375 °C. */
    @ParameterizedTest
    @CsvSource({"12, 25.4375", "11, 25.375", "10, 25.25", "9, 25.0"})
    void celsius_masksTheUndefinedLowBits(int bits, double celsius) {
        assertThat(Scratchpad.celsius(0x0197, bits)).isEqualTo(celsius);
    }

    @Test
    void celsius_masksNegativeValuesTowardsMinusInfinity() {
        assertThat(Scratchpad.celsius(0xFF5F, 9)).isEqualTo(-10.5);
        assertThat(Scratchpad.celsius(0xFF5F, 11)).isEqualTo(-10.125);
    }

    @Test
    void resolution_andConfigurationByte_followTable2() {
        assertThat(Scratchpad.config(9)).isEqualTo(0x1F);
        assertThat(Scratchpad.config(10)).isEqualTo(0x3F);
        assertThat(Scratchpad.config(11)).isEqualTo(0x5F);
        assertThat(Scratchpad.config(12)).isEqualTo(0x7F);
        assertThat(Scratchpad.resolutionBits(0x7F)).isEqualTo(12);
        assertThat(Scratchpad.resolutionBits(0x1F)).isEqualTo(9);
        assertThatThrownBy(() -> Scratchpad.config(13)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crc8_vectors() {
        // Maxim AN27: ROM 02 1C B8 01 00 00 00 (family 02 first) has CRC A2.
        assertThat(DallasCrc8.of(HEX.parseHex("021cb801000000"), 0, 7)).isEqualTo(0xA2);
        // Scratchpads as w1_therm prints them on real probes.
        assertThat(DallasCrc8.of(HEX.parseHex("72014b467fff0e10"), 0, 8)).isEqualTo(0x57);
        assertThat(DallasCrc8.of(HEX.parseHex("50054b467fff0c10"), 0, 8)).isEqualTo(0x1C);
        // Data followed by its CRC gives 0.
        assertThat(DallasCrc8.of(HEX.parseHex("72014b467fff0e1057"), 0, 9)).isZero();
    }

    @Test
    void w1Slave_decodesAKernelFile() throws Exception {
        String text = "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n";
        assertThat(Ds18b20.celsius(text, "soil0")).isEqualTo(23.125);
    }

    @Test
    void w1Slave_withKernelVerdictNo_isATransientCrcError() {
        String text = "72 01 4b 46 7f ff 0e 10 58 : crc=57 NO\n72 01 4b 46 7f ff 0e 10 58 t=23125\n";
        assertThatThrownBy(() -> Ds18b20.celsius(text, "soil0"))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("CRC");
    }

    @Test
    void w1Slave_whoseCrcTheKernelPassedButIsWrong_isStillRejected() {
        String text = "72 01 4b 46 7f ff 0e 10 58 : crc=58 YES\n72 01 4b 46 7f ff 0e 10 58 t=23125\n";
        assertThatThrownBy(() -> Ds18b20.celsius(text, "soil0")).isInstanceOf(BusException.class);
    }

    @Test
    void allZeroScratchpad_passesTheCrcButIsRejected() {
        String text = "00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n";
        assertThatThrownBy(() -> Ds18b20.celsius(text, "soil0"))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("implausible");
    }

    @Test
    void powerOnScratchpad_isNotAReading() {
        String text = "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n";
        assertThatThrownBy(() -> Ds18b20.celsius(text, "soil0")).isInstanceOf(DataNotReadyException.class);
    }

    @Test
    void truncatedFile_isATransientFault() {
        assertThatThrownBy(() -> Ds18b20.celsius("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n", "soil0"))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("incomplete");
    }
}
