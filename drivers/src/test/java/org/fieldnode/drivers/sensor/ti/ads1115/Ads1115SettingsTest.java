// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ads1115SettingsTest {
    /** SBAS444D §9.3.3, Table 3: full-scale range and LSB size. */
    @ParameterizedTest(name = "±{0} V: LSB {1} µV")
    @CsvSource({"6.144, 187.5", "4.096, 125", "2.048, 62.5", "1.024, 31.25", "0.512, 15.625", "0.256, 7.8125"})
    void lsbSize_matchesTable3(double fullScale, double lsbMicrovolts) {
        FullScaleRange range = Ads1115Settings.fromProperties(Map.of("full-scale-volts", String.valueOf(fullScale)))
                .range();

        assertThat(range.lsbVolts() * 1e6).isEqualTo(lsbMicrovolts);
    }

    /** SBAS444D §9.5.3, Table 4: the codes at the ends of the range and next to zero. */
    @ParameterizedTest(name = "code 0x{0} at ±4.096 V is {1} V")
    @CsvSource({"7FFF, 4.095875", "0001, 0.000125", "0000, 0.0", "FFFF, -0.000125", "8000, -4.096"})
    void outputCodes_matchTable4(String hex, double volts) {
        int code = (short) Integer.parseInt(hex, 16);

        assertThat(Ads1115.volts(code, FullScaleRange.PLUS_MINUS_4_096_V)).isEqualTo(volts);
    }

    @Test
    void pgaFields_0b110And0b111_alsoMean256Millivolts() {
        assertThat(FullScaleRange.ofBits(0b110)).isEqualTo(FullScaleRange.PLUS_MINUS_0_256_V);
        assertThat(FullScaleRange.ofBits(0b111)).isEqualTo(FullScaleRange.PLUS_MINUS_0_256_V);
    }

    @Test
    void conversionTimes_areOnePeriod_andTenPercentLongerAtMost() {
        assertThat(DataRate.SPS_8.conversionTime().toNanos()).isEqualTo(125_000_000L);
        assertThat(DataRate.SPS_8.maxConversionTime().toNanos()).isEqualTo(138_888_889L);
        assertThat(DataRate.SPS_860.conversionTime().toNanos()).isEqualTo(1_162_791L);
    }

    @Test
    void defaults_areAin0_4096mV_128Sps_withoutSoilProbe() {
        Ads1115Settings s = Ads1115Settings.fromProperties(Map.of());

        assertThat(s).isEqualTo(Ads1115Settings.defaults());
        assertThat(s.channels()).containsExactly(Channel.VOLTAGE);
        // MUX 100, PGA 001, MODE 1, DR 100, COMP_QUE 11, OS set
        assertThat(s.startConversion(0)).isEqualTo(0b1_100_001_1_100_0_0_0_11);
    }

    @Test
    void soilProbe_addsTheSoilMoistureChannel() {
        Ads1115Settings s = Ads1115Settings.fromProperties(
                Map.of("soil-channel", "1", "soil-dry-volts", "2.8", "soil-wet-volts", "1.2"));

        assertThat(s.channels()).containsExactlyInAnyOrder(Channel.VOLTAGE, Channel.SOIL_MOISTURE);
        assertThat(s.soil()).hasValue(new SoilCalibration(1, 2.8, 1.2));
    }

    @Test
    void soilProbe_withEqualPoints_isRejectedNamingTheWetKey() {
        assertThatThrownBy(() -> Ads1115Settings.fromProperties(
                        Map.of("soil-channel", "0", "soil-dry-volts", "2.0", "soil-wet-volts", "2.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("soil-wet-volts:");
    }

    @Test
    void soilProbe_withAMissingPoint_namesIt() {
        assertThatThrownBy(() -> Ads1115Settings.fromProperties(Map.of("soil-channel", "0", "soil-wet-volts", "1.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("soil-dry-volts:");
    }

    @ParameterizedTest
    @CsvSource({
        "input, 4",
        "input, x",
        "full-scale-volts, 5.0",
        "data-rate, 100",
        "soil-channel, 7",
        "soil-dry-volts, dry"
    })
    void invalidValues_nameTheirKey(String key, String value) {
        Map<String, String> properties =
                new HashMap<>(Map.of("soil-channel", "0", "soil-dry-volts", "2.8", "soil-wet-volts", "1.2"));
        properties.put(key, value);

        assertThatThrownBy(() -> Ads1115Settings.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void soilCalibration_isLinearBetweenThePoints_andClamped() {
        SoilCalibration capacitive = new SoilCalibration(0, 2.8, 1.2);
        SoilCalibration resistive = new SoilCalibration(0, 0.4, 2.4);

        assertThat(capacitive.percent(2.8)).isZero();
        assertThat(capacitive.percent(1.6)).isCloseTo(75.0, within(1e-9));
        assertThat(capacitive.percent(1.2)).isEqualTo(100.0);
        assertThat(capacitive.percent(3.3)).isZero();
        assertThat(capacitive.percent(0.5)).isEqualTo(100.0);
        assertThat(resistive.percent(1.4)).isCloseTo(50.0, within(1e-9));
    }
}
