// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fieldnode.drivers.sensor.bosch.bmx280.DatasheetExample.ADC_P;
import static org.fieldnode.drivers.sensor.bosch.bmx280.DatasheetExample.ADC_T;
import static org.fieldnode.drivers.sensor.bosch.bmx280.DatasheetExample.TRIMMING;
import static org.fieldnode.drivers.sensor.bosch.bmx280.DatasheetExample.T_FINE;

import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.sensor.bosch.bme280.Bme280Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompensationTest {
    /** Humidity trimming with dig_H3 != 0 and negative dig_H4/dig_H5, to exercise every term. */
    private static final Bmx280Trimming UNUSUAL_HUMIDITY = new Bmx280Trimming(
            27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 100, 350, 12, -150, -40, -20);

    /** The worked example of BST-BMP280-DS001 §3.12 (Table 16), which BST-BME280-DS002 repeats; no humidity. */
    private static final Bmx280Trimming BMP280_EXAMPLE = new Bmx280Trimming(
            27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 0, 0, 0, 0, 0, 0);

    @Test
    void temperature_datasheetExample_givesTFine128422And25point08Celsius() {
        int tFine = Compensation.temperatureFine(BMP280_EXAMPLE, 519888);

        assertThat(tFine).isEqualTo(128422);
        assertThat(Compensation.centiCelsius(tFine)).isEqualTo(2508);
    }

    @Test
    void pressure_datasheetExample_isReferenceIntegerResult() {
        // 25767233 / 256 = 100653.25 Pa; the datasheet's floating-point path gives 100653.27 Pa.
        assertThat(Compensation.pressureQ24p8(BMP280_EXAMPLE, 415148, 128422)).isEqualTo(25_767_233L);
    }

    @Test
    void pressure_whenDigP1IsZero_isZeroInsteadOfDividingByZero() {
        Bmx280Trimming noP1 = new Bmx280Trimming(
                27504, 26435, -1000, 0, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 0, 0, 0, 0, 0, 0);

        assertThat(Compensation.pressureQ24p8(noP1, 415148, 128422)).isZero();
    }

    @Test
    void temperature_datasheetExample_is25point08() {
        assertThat(Compensation.temperatureFine(TRIMMING, ADC_T)).isEqualTo(T_FINE);
        assertThat(Compensation.centiCelsius(T_FINE)).isEqualTo(2508);
        assertThat(Compensation.celsius(TRIMMING, ADC_T)).isEqualTo(25.08);
    }

    @Test
    void pressure_datasheetExample_isAbout100653Pa() {
        long q24p8 = Compensation.pressureQ24p8(TRIMMING, ADC_P, T_FINE);

        // 25767233 is the reference C code's result, recomputed with arbitrary-precision integers; the
        // datasheet's table gives 100653.27 Pa for its floating-point path.
        assertThat(q24p8).isEqualTo(25_767_233L);
        assertThat(q24p8 / 256.0).isCloseTo(100_653.27, within(0.05));
        assertThat(Compensation.pascal(TRIMMING, ADC_P, ADC_T)).isEqualTo(q24p8 / 256.0);
    }

    @Test
    void pressure_whenTrimmingWouldDivideByZero_isZero() {
        Bmx280Trimming noP1 = new Bmx280Trimming(
                27504, 26435, -1000, 0, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);

        assertThat(Compensation.pressureQ24p8(noP1, ADC_P, T_FINE)).isZero();
    }

    @ParameterizedTest
    @CsvSource({"20000, 519888", "29000, 519888", "33000, 519888", "29000, 420000", "36000, 610000"})
    void humidity_matchesDatasheetDoubleFormula(int adcH, int adcT) {
        for (Bmx280Trimming c : new Bmx280Trimming[] {TRIMMING, UNUSUAL_HUMIDITY}) {
            double expected = datasheetDoubleHumidity(c, adcH, Compensation.temperatureFine(c, adcT));

            assertThat(Compensation.relativeHumidity(c, adcH, adcT))
                    .as("adc_H %d, adc_T %d, %s", adcH, adcT, c)
                    .isCloseTo(expected, within(0.02));
        }
    }

    @Test
    void humidity_isClampedAtBothEnds() {
        assertThat(Compensation.humidityQ22p10(TRIMMING, 0, T_FINE)).isZero();
        assertThat(Compensation.humidityQ22p10(TRIMMING, 0xFFFF, T_FINE)).isEqualTo(100 * 1024);
    }

    @Test
    void toMeasurement_leavesOutSkippedChannels() {
        Bme280Settings temperatureOnly =
                new Bme280Settings(Oversampling.X1, Oversampling.SKIPPED, Oversampling.SKIPPED, IirFilter.OFF);

        Measurement m = Compensation.toMeasurement(TRIMMING, new RawSample(ADC_P, ADC_T, 0x8000), temperatureOnly);

        assertThat(m.values()).containsOnlyKeys(Channel.AMBIENT_TEMPERATURE);
        assertThat(m.get(Channel.AMBIENT_TEMPERATURE)).hasValue(25.08);
    }

    @Test
    void rawSample_decodesTwentyAndSixteenBitFields() {
        byte[] data = {0x65, 0x5A, (byte) 0xC0, 0x7E, (byte) 0xED, 0x00, 0x71, 0x2C};

        assertThat(RawSample.decode(data)).isEqualTo(new RawSample(ADC_P, ADC_T, 0x712C));
    }

    /** bme280_compensate_H_double of DS §8.1, written out here independently of the code under test. */
    private static double datasheetDoubleHumidity(Bmx280Trimming c, int adcH, int tFine) {
        double varH = tFine - 76800.0;
        varH = (adcH - (c.digH4() * 64.0 + c.digH5() / 16384.0 * varH))
                * (c.digH2() / 65536.0 * (1.0 + c.digH6() / 67108864.0 * varH * (1.0 + c.digH3() / 67108864.0 * varH)));
        varH = varH * (1.0 - c.digH1() * varH / 524288.0);
        return Math.max(0.0, Math.min(100.0, varH));
    }
}
