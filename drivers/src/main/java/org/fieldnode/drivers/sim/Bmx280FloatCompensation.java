// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.util.function.IntToDoubleFunction;
import org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Trimming;

/**
 * The BME280 datasheet's floating-point compensation (DS §8.1; temperature and pressure alike on the BMP280) and its
 * inverse by bisection: from physical conditions to the ADC outputs a real chip would produce.
 * Independent of the driver's integer code (DS §4.2.3), which tests then check against it.
 */
final class Bmx280FloatCompensation {
    private static final int ADC_20_BIT_MAX = 0xF_FFFF;
    private static final int ADC_16_BIT_MAX = 0xFFFF;

    private final Bmx280Trimming t;

    Bmx280FloatCompensation(Bmx280Trimming trimming) {
        this.t = trimming;
    }

    /** var1 + var2 of BME280_compensate_T_double; t_fine is its integer part, °C is it divided by 5120. */
    double temperatureFine(int adcT) {
        double var1 = (adcT / 16384.0 - t.digT1() / 1024.0) * t.digT2();
        double x = adcT / 131072.0 - t.digT1() / 8192.0;
        double var2 = x * x * t.digT3();
        return var1 + var2;
    }

    double celsius(int adcT) {
        return temperatureFine(adcT) / 5120.0;
    }

    int tFine(int adcT) {
        return (int) temperatureFine(adcT);
    }

    /** BME280_compensate_P_double, in Pa. */
    double pascal(int adcP, int tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * t.digP6() / 32768.0;
        var2 = var2 + var1 * t.digP5() * 2.0;
        var2 = var2 / 4.0 + t.digP4() * 65536.0;
        var1 = (t.digP3() * var1 * var1 / 524288.0 + t.digP2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * t.digP1();
        if (var1 == 0.0) {
            return 0;
        }
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = t.digP9() * p * p / 2147483648.0;
        var2 = p * t.digP8() / 32768.0;
        return p + (var1 + var2 + t.digP7()) / 16.0;
    }

    /** bme280_compensate_H_double, in %RH clamped to 0..100. */
    double relativeHumidity(int adcH, int tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (t.digH4() * 64.0 + t.digH5() / 16384.0 * h))
                * (t.digH2() / 65536.0 * (1.0 + t.digH6() / 67108864.0 * h * (1.0 + t.digH3() / 67108864.0 * h)));
        h = h * (1.0 - t.digH1() * h / 524288.0);
        return Math.clamp(h, 0.0, 100.0);
    }

    /** The 20-bit adc_T whose compensated temperature is nearest {@code celsius}. */
    int adcTemperature(double celsius) {
        return nearest(this::celsius, celsius, ADC_20_BIT_MAX, true);
    }

    /** The 20-bit adc_P whose compensated pressure is nearest {@code pascal}; pressure falls as adc_P rises. */
    int adcPressure(double pascal, int tFine) {
        return nearest(adc -> pascal(adc, tFine), pascal, ADC_20_BIT_MAX, false);
    }

    /** The 16-bit adc_H whose compensated humidity is nearest {@code relativeHumidity}. */
    int adcHumidity(double relativeHumidity, int tFine) {
        return nearest(adc -> relativeHumidity(adc, tFine), relativeHumidity, ADC_16_BIT_MAX, true);
    }

    /** Bisection over 0..max for a monotonic {@code f}; returns the argument whose value is closest to target. */
    private static int nearest(IntToDoubleFunction f, double target, int max, boolean rising) {
        int low = 0;
        int high = max;
        // Invariant: the first argument whose value reaches the target (in f's direction) lies in low..high.
        while (low < high) {
            int mid = (low + high) >>> 1;
            double value = f.applyAsDouble(mid);
            boolean reached = rising ? value >= target : value <= target;
            if (reached) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        if (low > 0 && Math.abs(f.applyAsDouble(low - 1) - target) <= Math.abs(f.applyAsDouble(low) - target)) {
            return low - 1;
        }
        return low;
    }
}
