// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch;

/**
 * Temperature and pressure trimming parameters dig_T1..dig_P9, laid out and used alike in the BMP280 (datasheet
 * BST-BMP280-DS001, §3.11.2, Table 17) and the BME280 (BST-BME280-DS002, §4.2.2, Table 16): 0x88..0x9F, 16-bit
 * little endian, dig_T1 and dig_P1 unsigned, the others signed. Implemented by each part's calibration record.
 */
public interface TemperaturePressureTrimming {
    /** First trimming register, dig_T1 LSB. */
    int REG_DIG_T1 = 0x88;

    /** Bytes from dig_T1 to dig_P9. */
    int LENGTH = 24;

    int digT1();

    int digT2();

    int digT3();

    int digP1();

    int digP2();

    int digP3();

    int digP4();

    int digP5();

    int digP6();

    int digP7();

    int digP8();

    int digP9();
}
