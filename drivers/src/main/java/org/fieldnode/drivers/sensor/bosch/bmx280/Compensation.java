// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import java.util.EnumMap;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;

/**
 * Bosch's integer compensation: temperature (32-bit) and pressure (64-bit), identical in the BMP280 datasheet
 * (BST-BMP280-DS001, §3.11.3) and the BME280 datasheet (BST-BME280-DS002, §4.2.3), and the BME280's humidity
 * (32-bit, §4.2.3). Pure functions transcribed operation by operation, so that Java's arithmetic right shift and
 * truncating division give the same results as the reference C code. Worked example of both datasheets: adc_T
 * 519888 gives t_fine 128422 and 25.08 °C.
 */
final class Compensation {
    private Compensation() {}

    /** The channels {@code settings} enables, converted to Cel, Pa and %RH. */
    static Measurement toMeasurement(Bmx280Trimming c, RawSample sample, Bmx280Settings settings) {
        int tFine = temperatureFine(c, sample.adcTemperature());
        Map<Channel, Double> values = new EnumMap<>(Channel.class);
        values.put(Channel.AMBIENT_TEMPERATURE, centiCelsius(tFine) / 100.0);
        if (settings.pressureOversampling() != Oversampling.SKIPPED) {
            values.put(Channel.PRESSURE, pressureQ24p8(c, sample.adcPressure(), tFine) / 256.0);
        }
        if (settings.humidityOversampling() != Oversampling.SKIPPED) {
            values.put(Channel.RELATIVE_HUMIDITY, humidityQ22p10(c, sample.adcHumidity(), tFine) / 1024.0);
        }
        return new Measurement(values);
    }

    /** Temperature in °C, resolution 0.01 °C. */
    static double celsius(Bmx280Trimming c, int adcTemperature) {
        return centiCelsius(temperatureFine(c, adcTemperature)) / 100.0;
    }

    /** Pressure in Pa for a temperature reading taken in the same conversion. */
    static double pascal(Bmx280Trimming c, int adcPressure, int adcTemperature) {
        return pressureQ24p8(c, adcPressure, temperatureFine(c, adcTemperature)) / 256.0;
    }

    /** Relative humidity in %RH, 0..100, for a temperature reading taken in the same conversion. */
    static double relativeHumidity(Bmx280Trimming c, int adcHumidity, int adcTemperature) {
        return humidityQ22p10(c, adcHumidity, temperatureFine(c, adcTemperature)) / 1024.0;
    }

    /** t_fine, the fine temperature that pressure and humidity compensation take as input. */
    static int temperatureFine(Bmx280Trimming c, int adcT) {
        int var1 = (((adcT >> 3) - (c.digT1() << 1)) * c.digT2()) >> 11;
        int var2 = (((((adcT >> 4) - c.digT1()) * ((adcT >> 4) - c.digT1())) >> 12) * c.digT3()) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C: 5123 means 51.23 °C. */
    static int centiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as unsigned Q24.8: 24674867 means 96386.2 Pa. 0 when the trimming would divide by zero. */
    static long pressureQ24p8(Bmx280Trimming c, int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * c.digP6();
        var2 = var2 + ((var1 * c.digP5()) << 17);
        var2 = var2 + (((long) c.digP4()) << 35);
        var1 = ((var1 * var1 * c.digP3()) >> 8) + ((var1 * c.digP2()) << 12);
        var1 = (((1L << 47) + var1) * c.digP1()) >> 33;
        if (var1 == 0) {
            return 0; // the datasheet's guard against division by zero
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (c.digP9() * (p >> 13) * (p >> 13)) >> 25;
        var2 = (c.digP8() * p) >> 19;
        p = ((p + var1 + var2) >> 8) + (((long) c.digP7()) << 4);
        return p & 0xFFFF_FFFFL; // the reference returns BMx280_U32_t
    }

    /** Relative humidity in %RH as unsigned Q22.10, clamped to 0..100: 47445 means 46.333 %RH (BME280 only). */
    static int humidityQ22p10(Bmx280Trimming c, int adcH, int tFine) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (c.digH4() << 20) - (c.digH5() * v)) + 16384) >> 15)
                * (((((((v * c.digH6()) >> 10) * (((v * c.digH3()) >> 11) + 32768)) >> 10) + 2097152) * c.digH2()
                                + 8192)
                        >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * c.digH1()) >> 4);
        v = Math.max(v, 0);
        v = Math.min(v, 419430400);
        return v >> 12;
    }
}
