// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import java.util.EnumMap;
import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.sensor.bosch.TemperaturePressureCompensation;

/**
 * The datasheet's integer compensation (DS §4.2.3): 32-bit temperature and 64-bit pressure, shared with the BMP280
 * in {@link TemperaturePressureCompensation}, and 32-bit humidity. Pure functions transcribed operation by
 * operation, so that Java's arithmetic right shift and truncating division give the same results as the reference
 * C code.
 */
final class Compensation {
    private Compensation() {}

    /** The channels {@code settings} enables, converted to Cel, Pa and %RH. */
    static Measurement toMeasurement(Calibration c, RawSample sample, Bme280Settings settings) {
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
    static double celsius(Calibration c, int adcTemperature) {
        return centiCelsius(temperatureFine(c, adcTemperature)) / 100.0;
    }

    /** Pressure in Pa for a temperature reading taken in the same conversion. */
    static double pascal(Calibration c, int adcPressure, int adcTemperature) {
        return pressureQ24p8(c, adcPressure, temperatureFine(c, adcTemperature)) / 256.0;
    }

    /** Relative humidity in %RH, 0..100, for a temperature reading taken in the same conversion. */
    static double relativeHumidity(Calibration c, int adcHumidity, int adcTemperature) {
        return humidityQ22p10(c, adcHumidity, temperatureFine(c, adcTemperature)) / 1024.0;
    }

    /** t_fine; see {@link TemperaturePressureCompensation#temperatureFine}. */
    static int temperatureFine(Calibration c, int adcT) {
        return TemperaturePressureCompensation.temperatureFine(c, adcT);
    }

    /** Temperature in 0.01 °C: 5123 means 51.23 °C. */
    static int centiCelsius(int tFine) {
        return TemperaturePressureCompensation.centiCelsius(tFine);
    }

    /** Pressure in Pa as unsigned Q24.8; see {@link TemperaturePressureCompensation#pressureQ24p8}. */
    static long pressureQ24p8(Calibration c, int adcP, int tFine) {
        return TemperaturePressureCompensation.pressureQ24p8(c, adcP, tFine);
    }

    /** Relative humidity in %RH as unsigned Q22.10, clamped to 0..100: 47445 means 46.333 %RH. */
    static int humidityQ22p10(Calibration c, int adcH, int tFine) {
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
