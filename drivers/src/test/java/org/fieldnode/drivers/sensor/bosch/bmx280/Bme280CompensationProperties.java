// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.drivers.sensor.bosch.bmx280.DatasheetExample.TRIMMING;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Bme280CompensationProperties {
    /** adc_T range that covers the operating range −40..85 °C with the datasheet trimming. */
    private static final int ADC_T_MIN = 300_000;

    private static final int ADC_T_MAX = 720_000;

    @Property
    void temperatureRisesWithRawReading(@ForAll @IntRange(min = 0, max = 0xF_FFFE) int adcT) {
        assertThat(Compensation.celsius(TRIMMING, adcT + 1))
                .isGreaterThanOrEqualTo(Compensation.celsius(TRIMMING, adcT));
    }

    @Property
    void operatingRangeMapsIntoMinus40To85Celsius(@ForAll @IntRange(min = ADC_T_MIN, max = ADC_T_MAX) int adcT) {
        assertThat(Compensation.celsius(TRIMMING, adcT)).isBetween(-45.0, 90.0);
    }

    @Property
    void humidityStaysWithin0To100(
            @ForAll @IntRange(min = 0, max = 0xFFFF) int adcH, @ForAll @IntRange(min = 0, max = 0xF_FFFF) int adcT) {
        assertThat(Compensation.relativeHumidity(TRIMMING, adcH, adcT)).isBetween(0.0, 100.0);
    }

    @Property
    void humidityRisesWithRawReading(
            @ForAll @IntRange(min = 0, max = 0xFFFE) int adcH,
            @ForAll @IntRange(min = ADC_T_MIN, max = ADC_T_MAX) int adcT) {
        assertThat(Compensation.relativeHumidity(TRIMMING, adcH + 1, adcT))
                .isGreaterThanOrEqualTo(Compensation.relativeHumidity(TRIMMING, adcH, adcT));
    }

    @Property
    void pressureIsPositiveAndFallsAsRawReadingRises(
            @ForAll @IntRange(min = 0x4_0000, max = 0xC_0000) int adcP,
            @ForAll @IntRange(min = ADC_T_MIN, max = ADC_T_MAX) int adcT) {
        double pascal = Compensation.pascal(TRIMMING, adcP, adcT);

        assertThat(pascal).isPositive();
        assertThat(Compensation.pascal(TRIMMING, adcP + 1, adcT)).isLessThanOrEqualTo(pascal);
    }
}
