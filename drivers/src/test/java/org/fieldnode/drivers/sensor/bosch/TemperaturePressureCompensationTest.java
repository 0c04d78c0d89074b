// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.bosch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemperaturePressureCompensationTest {
    /** The worked example of BST-BMP280-DS001 §3.12 (Table 16), which BST-BME280-DS002 repeats. */
    private record Example(
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
            int digP9)
            implements TemperaturePressureTrimming {}

    private static final Example TRIMMING =
            new Example(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);

    @Test
    void temperature_datasheetExample_givesTFine128422And25point08Celsius() {
        int tFine = TemperaturePressureCompensation.temperatureFine(TRIMMING, 519888);

        assertThat(tFine).isEqualTo(128422);
        assertThat(TemperaturePressureCompensation.centiCelsius(tFine)).isEqualTo(2508);
    }

    @Test
    void pressure_datasheetExample_isReferenceIntegerResult() {
        // 25767233 / 256 = 100653.25 Pa; the datasheet's floating-point path gives 100653.27 Pa.
        assertThat(TemperaturePressureCompensation.pressureQ24p8(TRIMMING, 415148, 128422))
                .isEqualTo(25_767_233L);
    }

    @Test
    void pressure_whenDigP1IsZero_isZeroInsteadOfDividingByZero() {
        Example noP1 = new Example(27504, 26435, -1000, 0, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000);

        assertThat(TemperaturePressureCompensation.pressureQ24p8(noP1, 415148, 128422))
                .isZero();
    }
}
