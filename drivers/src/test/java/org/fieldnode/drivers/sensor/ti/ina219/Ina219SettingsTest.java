// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ina219;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ina219SettingsTest {
    /** The datasheet's example circuit (SBOS448G §9.2.2.1): 2 mΩ shunt, Current_LSB 1 mA, 16 V range, ±40 mV. */
    static final Map<String, String> DATASHEET_EXAMPLE = Map.of(
            "shunt-ohms", "0.002", "current-lsb-amps", "0.001", "max-current-amps", "15", "bus-range-volts", "16");

    @Test
    void calibration_ofTheDatasheetExample_is20480() {
        Ina219Settings s = Ina219Settings.fromProperties(DATASHEET_EXAMPLE);

        assertThat(s.calibration()).isEqualTo(0x5000);
        assertThat(s.currentLsb()).isEqualTo(0.001);
        assertThat(s.powerLsb()).isEqualTo(0.02);
        // The example's config 0x019F: BRNG 16 V, PG /1, 12-bit ADCs, shunt and bus continuous.
        assertThat(s.config(Ina219Registers.MODE_SHUNT_AND_BUS_CONTINUOUS)).isEqualTo(0x019F);
    }

    @Test
    void defaults_useMaxCurrentOverTwoToThe15_andReproduceThePowerOnConfig() {
        Ina219Settings s = Ina219Settings.defaults();

        // 3.2 A / 2^15 = 97.65625 µA; trunc(0.04096 / (97.65625 µA × 0.1 Ω)) = trunc(4194.304)
        assertThat(s.currentLsbAmps()).isEqualByComparingTo("0.00009765625");
        assertThat(s.calibration()).isEqualTo(4194);
        assertThat(s.powerLsb()).isEqualTo(0.001953125);
        // 3.2 A × 0.1 Ω = 320 mV: PG /8, 32 V, 12-bit, continuous = the chip's reset value
        assertThat(s.config(Ina219Registers.MODE_SHUNT_AND_BUS_CONTINUOUS)).isEqualTo(Ina219Registers.CONFIG_RESET);
    }

    @ParameterizedTest(name = "{0} A through {1} Ω: PG {2}")
    @CsvSource({"0.4, 0.1, 0", "0.8, 0.1, 1", "1.0, 0.1, 2", "1.6, 0.1, 2", "2.0, 0.1, 3", "0.3, 0.1, 0"})
    void pga_isTheSmallestShuntRangeThatHoldsTheMaximumDrop(String amps, String ohms, int pg) {
        Ina219Settings s = Ina219Settings.fromProperties(Map.of("max-current-amps", amps, "shunt-ohms", ohms));

        assertThat(s.pga()).isEqualTo(pg);
    }

    @Test
    void calibrationOf_truncates() {
        assertThat(Ina219Settings.calibrationOf(new BigDecimal("0.0001"), new BigDecimal("0.1")))
                .isEqualTo(4096);
        assertThat(Ina219Settings.calibrationOf(new BigDecimal("0.00003"), new BigDecimal("0.1")))
                .isEqualTo(13653); // 13653.33…
    }

    @Test
    void tenAmpsThroughTwoMilliohms_withoutARounderLsb_namesMaxCurrent() {
        // 10 A / 2^15 × 2 mΩ gives calibration 67108: the reason the datasheet's example picks 1 mA.
        assertThatThrownBy(() -> Ina219Settings.fromProperties(Map.of("max-current-amps", "10", "shunt-ohms", "0.002")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max-current-amps:")
                .hasMessageContaining("67108");
    }

    @ParameterizedTest
    @CsvSource({
        "shunt-ohms, 0",
        "shunt-ohms, x",
        "max-current-amps, -1",
        "max-current-amps, 4", // 400 mV across 0.1 Ω exceeds ±320 mV
        "current-lsb-amps, 0.00001", // below 3.2 A / 2^15
        "current-lsb-amps, 1", // calibration 0
        "bus-range-volts, 20"
    })
    void invalidValues_nameTheirKey(String key, String value) {
        assertThatThrownBy(() -> Ina219Settings.fromProperties(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ":");
    }
}
