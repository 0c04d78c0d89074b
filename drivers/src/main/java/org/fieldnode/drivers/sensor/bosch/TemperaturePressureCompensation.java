// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch;

/**
 * Bosch's integer compensation for temperature (32-bit) and pressure (64-bit), identical in the BMP280 datasheet
 * (BST-BMP280-DS001, §3.11.3) and the BME280 datasheet (BST-BME280-DS002, §4.2.3). Pure functions transcribed
 * operation by operation, so that Java's arithmetic right shift and truncating division give the same results as
 * the reference C code. Worked example of both datasheets: adc_T 519888 gives t_fine 128422 and 25.08 °C.
 */
public final class TemperaturePressureCompensation {
    private TemperaturePressureCompensation() {}

    /** t_fine, the fine temperature that pressure (and BME280 humidity) compensation takes as input. */
    public static int temperatureFine(TemperaturePressureTrimming c, int adcT) {
        int var1 = (((adcT >> 3) - (c.digT1() << 1)) * c.digT2()) >> 11;
        int var2 = (((((adcT >> 4) - c.digT1()) * ((adcT >> 4) - c.digT1())) >> 12) * c.digT3()) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C: 5123 means 51.23 °C. */
    public static int centiCelsius(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as unsigned Q24.8: 24674867 means 96386.2 Pa. 0 when the trimming would divide by zero. */
    public static long pressureQ24p8(TemperaturePressureTrimming c, int adcP, int tFine) {
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
}
