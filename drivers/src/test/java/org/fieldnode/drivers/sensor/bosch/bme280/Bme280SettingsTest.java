// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers;
import org.fieldnode.drivers.sensor.bosch.bmx280.IirFilter;
import org.fieldnode.drivers.sensor.bosch.bmx280.Oversampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Bme280SettingsTest {
    @Test
    void defaults_areWeatherMonitoring_x1AndFilterOff() {
        assertThat(Bme280Settings.fromProperties(Map.of())).isEqualTo(Bme280Settings.defaults());
        assertThat(Bme280Settings.defaults())
                .isEqualTo(new Bme280Settings(Oversampling.X1, Oversampling.X1, Oversampling.X1, IirFilter.OFF));
    }

    @Test
    void measurementTimes_followAppendixB() {
        // DS §9.1 for x1/x1/x1: typical 1 + 2 + 2.5 + 2.5 = 8 ms, maximum 1.25 + 2.3 + 2.875 + 2.875 = 9.3 ms.
        assertThat(Bme280Settings.defaults().typicalMeasurementTime()).isEqualTo(Duration.ofMillis(8));
        assertThat(Bme280Settings.defaults().maxMeasurementTime()).isEqualTo(Duration.ofNanos(9_300_000));
        Bme280Settings x16TemperatureOnly =
                new Bme280Settings(Oversampling.X16, Oversampling.SKIPPED, Oversampling.SKIPPED, IirFilter.OFF);
        assertThat(x16TemperatureOnly.typicalMeasurementTime()).isEqualTo(Duration.ofMillis(33));
    }

    @Test
    void fromProperties_perChannelKeysOverrideCommonOversampling() {
        Bme280Settings settings = Bme280Settings.fromProperties(Map.of(
                "oversampling", "2", "temperature-oversampling", "8", "humidity-oversampling", "0", "filter", "16"));

        assertThat(settings)
                .isEqualTo(new Bme280Settings(
                        Oversampling.X8, Oversampling.X2, Oversampling.SKIPPED, IirFilter.COEFFICIENT_16));
        assertThat(settings.channels()).containsExactlyInAnyOrder(Channel.AMBIENT_TEMPERATURE, Channel.PRESSURE);
    }

    @Test
    void registerValues_packTheBitFields() {
        Bme280Settings settings =
                new Bme280Settings(Oversampling.X2, Oversampling.X16, Oversampling.X4, IirFilter.COEFFICIENT_8);

        assertThat(settings.ctrlHum()).isEqualTo(0b011);
        assertThat(settings.ctrlMeas(Bmx280Registers.MODE_FORCED)).isEqualTo(0b010_101_01);
        assertThat(settings.config()).isEqualTo(0b000_011_00);
    }

    @ParameterizedTest
    @CsvSource({
        "oversampling, 3",
        "oversampling, 0",
        "oversampling, many",
        "temperature-oversampling, 0",
        "pressure-oversampling, 32",
        "humidity-oversampling, -1",
        "filter, 3",
        "filter, on"
    })
    void fromProperties_badValue_namesTheKey(String key, String value) {
        assertThatThrownBy(() -> Bme280Settings.fromProperties(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ":")
                .hasMessageContaining(value);
    }

    @Test
    void skippingTemperature_isRejected() {
        assertThatThrownBy(
                        () -> new Bme280Settings(Oversampling.SKIPPED, Oversampling.X1, Oversampling.X1, IirFilter.OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
    }
}
