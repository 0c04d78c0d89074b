// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.junit.jupiter.api.Test;

class SensirionWordsTest {
    @Test
    void crc_ofBeef_is0x92_asInTheDatasheets() {
        // SHT3x DS §4.12 and SCD4x DS §3.11: CRC-8 of 0xBEEF is 0x92.
        assertThat(SensirionCrc.crc8(0xBEEF)).isEqualTo(0x92);
        assertThat(SensirionCrc.crc8(new byte[] {(byte) 0xBE, (byte) 0xEF}, 0, 2))
                .isEqualTo(0x92);
    }

    @Test
    void decode_scd4xReadMeasurementExample() throws Exception {
        // SCD4x DS §3.5.2 example response: CO2 0x01F4, T 0x6667, RH 0x5EB9, each with its CRC.
        byte[] reply = HexFormat.of().parseHex("01f433" + "6667a2" + "5eb93c");

        assertThat(SensirionWords.decode("co2", reply)).containsExactly(0x01F4, 0x6667, 0x5EB9);
    }

    @Test
    void decode_whenACrcDoesNotMatch_throwsTransientBusExceptionNamingTheWord() {
        byte[] reply = HexFormat.of().parseHex("01f433" + "6667a3");

        assertThatThrownBy(() -> SensirionWords.decode("co2", reply))
                .isInstanceOfSatisfying(
                        BusException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("word 1")
                .hasMessageContaining("0xA3")
                .hasMessageContaining("0xA2");
    }

    @Test
    void command_isMsbFirst() {
        assertThat(SensirionWords.command(0x2400)).containsExactly(0x24, 0x00);
        assertThatThrownBy(() -> SensirionWords.command(0x1_0000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identify_mapsPermanentFaultsAndBadCrcToNotFound_butPassesTransientFaults() throws Exception {
        assertThat(SensirionWords.identify("env0", "SHT3x", () -> HexFormat.of().parseHex("beef92")))
                .containsExactly(0xBEEF);
        assertThatThrownBy(() -> SensirionWords.identify(
                        "env0", "SHT3x", () -> HexFormat.of().parseHex("beef93")))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("CRC");
        assertThatThrownBy(() -> SensirionWords.identify("env0", "SHT3x", () -> {
                    throw new BusException("env0", "address NACK", false);
                }))
                .isInstanceOf(DeviceNotFoundException.class)
                .hasMessageContaining("no SHT3x answers");
        assertThatThrownBy(() -> SensirionWords.identify("env0", "SHT3x", () -> {
                    throw new BusException("env0", "glitch", true);
                }))
                .isInstanceOf(BusException.class);
    }
}
