// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

/**
 * The worked example of the BMP280/BME280 datasheets: with this temperature and pressure trimming, adc_T = 519888
 * gives t_fine = 128422 and 25.08 °C, and adc_P = 415148 gives about 100653 Pa. The humidity trimming is typical
 * of production parts (the datasheet has no humidity example); it matches {@code SimulatedBmx280.REFERENCE_TRIMMING}.
 */
final class DatasheetExample {
    static final Bmx280Trimming TRIMMING = new Bmx280Trimming(
            27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);

    static final int ADC_T = 519888;
    static final int T_FINE = 128422;
    static final int ADC_P = 415148;

    private DatasheetExample() {}
}
