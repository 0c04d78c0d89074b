// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_00;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_CALIB_26;
import static org.fieldnode.drivers.sensor.bosch.bme280.Bme280Registers.REG_DIG_H1;

/**
 * Trimming parameters of a simulated BME280, as the factory programs them into NVM (DS §4.2.2, Table 16). This is
 * the simulator's own encoder, written independently of the driver's parser so that each checks the other.
 */
public record Bme280Trimming(
        int digT1,
        int digT2,
        int digT3,
        int digP1,
        int digP2,
        int digP3,
        int digP4,
        int digP5,
        int digP6,
        int digP7,
        int digP8,
        int digP9,
        int digH1,
        int digH2,
        int digH3,
        int digH4,
        int digH5,
        int digH6) {

    public Bme280Trimming {
        check("dig_T1", digT1, 0, 0xFFFF);
        check("dig_P1", digP1, 0, 0xFFFF);
        int[] signed16 = {digT2, digT3, digP2, digP3, digP4, digP5, digP6, digP7, digP8, digP9, digH2};
        for (int value : signed16) {
            check("signed 16-bit trimming", value, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        check("dig_H1", digH1, 0, 0xFF);
        check("dig_H3", digH3, 0, 0xFF);
        check("dig_H4", digH4, -0x800, 0x7FF);
        check("dig_H5", digH5, -0x800, 0x7FF);
        check("dig_H6", digH6, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    /**
     * Temperature and pressure trimming of the datasheet's worked example (dig_T1 = 27504 … dig_P9 = 6000, for
     * which adc_T = 519888 gives 25.08 °C and adc_P = 415148 about 100653 Pa), with humidity trimming typical of
     * production parts (dig_H1 = 75, dig_H2 = 362, dig_H3 = 0, dig_H4 = 313, dig_H5 = 50, dig_H6 = 30).
     */
    public static Bme280Trimming reference() {
        return new Bme280Trimming(
                27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362, 0, 313, 50, 30);
    }

    /** Writes the parameters into a 256-byte register file at their Table 16 addresses. */
    void writeTo(byte[] registers) {
        int[] tp = {digT1, digT2, digT3, digP1, digP2, digP3, digP4, digP5, digP6, digP7, digP8, digP9};
        for (int i = 0; i < tp.length; i++) {
            registers[REG_CALIB_00 + 2 * i] = (byte) tp[i]; // little endian: LSB first
            registers[REG_CALIB_00 + 2 * i + 1] = (byte) (tp[i] >> 8);
        }
        registers[REG_DIG_H1] = (byte) digH1;
        registers[REG_CALIB_26] = (byte) digH2;
        registers[REG_CALIB_26 + 1] = (byte) (digH2 >> 8);
        registers[REG_CALIB_26 + 2] = (byte) digH3;
        registers[REG_CALIB_26 + 3] = (byte) (digH4 >> 4); // 0xE4: dig_H4 [11:4]
        registers[REG_CALIB_26 + 4] = (byte) ((digH5 & 0x0F) << 4 | (digH4 & 0x0F)); // 0xE5: H5 [3:0] | H4 [3:0]
        registers[REG_CALIB_26 + 5] = (byte) (digH5 >> 4); // 0xE6: dig_H5 [11:4]
        registers[REG_CALIB_26 + 6] = (byte) digH6;
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("%s out of range %d..%d: %d".formatted(name, min, max, value));
        }
    }
}
