// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch.bme280;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.DATA_LENGTH;

/** Uncompensated ADC outputs of one conversion: 20-bit pressure and temperature, 16-bit humidity. */
record RawSample(int adcPressure, int adcTemperature, int adcHumidity) {

    /**
     * Decodes the burst read of 0xF7..0xFE (DS §5.4.7–§5.4.9): msb, lsb, xlsb bits 7..4 for pressure and
     * temperature; msb, lsb for humidity.
     */
    static RawSample decode(byte[] data) {
        if (data.length != DATA_LENGTH) {
            throw new IllegalArgumentException("expected 8 data bytes, got " + data.length);
        }
        return new RawSample(twentyBit(data, 0), twentyBit(data, 3), (data[6] & 0xFF) << 8 | (data[7] & 0xFF));
    }

    private static int twentyBit(byte[] data, int at) {
        return (data[at] & 0xFF) << 12 | (data[at + 1] & 0xFF) << 4 | (data[at + 2] & 0xFF) >> 4;
    }
}
