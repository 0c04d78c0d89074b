// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmp280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers;
import org.fieldnode.drivers.sensor.bosch.bmx280.IirFilter;
import org.fieldnode.drivers.sensor.bosch.bmx280.Oversampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Bmp280SettingsTest {
    /** DS §3.8.1, Table 13: typical and maximum measurement time per oversampling setting. */
    @ParameterizedTest(name = "osrs_p x{0}, osrs_t x{1}: {2} ms typical, {3} ms max")
    @CsvSource({
        "1, 1, 5.5, 6.4", // ultra low power
        "2, 1, 7.5, 8.7", // low power
        "4, 1, 11.5, 13.3", // standard resolution
        "8, 1, 19.5, 22.5", // high resolution
        "16, 2, 37.5, 43.2" // ultra high resolution
    })
    void measurementTimes_matchTable13(int pressure, int temperature, double typicalMs, double maxMs) {
        Bmp280Settings s = Bmp280Settings.fromProperties(Map.of(
                "pressure-oversampling", String.valueOf(pressure),
                "temperature-oversampling", String.valueOf(temperature)));

        assertThat(s.typicalMeasurementTime()).isEqualTo(Duration.ofNanos(Math.round(typicalMs * 1_000_000)));
        // Table 13 rounds the maximum to 0.1 ms.
        assertThat(s.maxMeasurementTime().toNanos() / 1_000_000.0).isCloseTo(maxMs, within(0.05));
    }

    @Test
    void fromProperties_rejectsHumidityOversampling_namingTheKey() {
        assertThatThrownBy(() -> Bmp280Settings.fromProperties(Map.of("humidity-oversampling", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("humidity-oversampling:");
    }

    @Test
    void fromProperties_badFilter_namesTheKey() {
        assertThatThrownBy(() -> Bmp280Settings.fromProperties(Map.of("filter", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter:");
    }

    @Test
    void registerValues_encodeDatasheetFields() {
        Bmp280Settings s = new Bmp280Settings(Oversampling.X2, Oversampling.X16, IirFilter.COEFFICIENT_4);

        assertThat(s.ctrlMeas(Bmx280Registers.MODE_FORCED)).isEqualTo(0b010_101_01);
        assertThat(s.config()).isEqualTo(0b000_010_00);
        assertThat(s.channels()).containsExactlyInAnyOrder(Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE);
    }

    @Test
    void temperatureCannotBeSkipped() {
        assertThatThrownBy(() -> new Bmp280Settings(Oversampling.SKIPPED, Oversampling.X1, IirFilter.OFF))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
