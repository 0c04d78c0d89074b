// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bmx280;

import static org.fieldnode.drivers.sensor.bosch.bmx280.Bmx280Registers.ADC_16_BIT_SKIPPED;

/** Uncompensated ADC outputs of one conversion: 20-bit pressure and temperature, 16-bit humidity. */
record RawSample(int adcPressure, int adcTemperature, int adcHumidity) {

    /**
     * Decodes the burst read from 0xF7 (BME280 DS §5.4.7–§5.4.9, BMP280 DS §4.3.6, §4.3.7): msb, lsb, xlsb bits 7..4
     * for pressure and temperature; msb, lsb for humidity on a BME280. Six bytes (a BMP280) give the humidity of a
     * skipped measurement, 0x8000.
     */
    static RawSample decode(byte[] data) {
        if (data.length != Bmx280Model.BME280.dataLength() && data.length != Bmx280Model.BMP280.dataLength()) {
            throw new IllegalArgumentException("expected 8 or 6 data bytes, got " + data.length);
        }
        int humidity = data.length == 8 ? (data[6] & 0xFF) << 8 | (data[7] & 0xFF) : ADC_16_BIT_SKIPPED;
        return new RawSample(twentyBit(data, 0), twentyBit(data, 3), humidity);
    }

    private static int twentyBit(byte[] data, int at) {
        return (data[at] & 0xFF) << 12 | (data[at + 1] & 0xFF) << 4 | (data[at + 2] & 0xFF) >> 4;
    }
}
