// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConversionTest {
    @Test
    void readMeasurementExample_is500Ppm_25Celsius_37Percent() {
        // SCD4x DS §3.5.2 example: words 0x01F4, 0x6667, 0x5EB9.
        assertThat(Conversion.co2Ppm(0x01F4)).isEqualTo(500.0);
        assertThat(Conversion.celsius(0x6667)).isCloseTo(25.0, within(0.005));
        assertThat(Conversion.relativeHumidity(0x5EB9)).isCloseTo(37.0, within(0.005));
    }

    @Test
    void dataReady_looksOnlyAtTheLow11Bits() {
        assertThat(Conversion.dataReady(0x8000)).isFalse();
        assertThat(Conversion.dataReady(0xF800)).isFalse();
        assertThat(Conversion.dataReady(0x8006)).isTrue();
        assertThat(Conversion.dataReady(0x0001)).isTrue();
        assertThat(Conversion.dataReady(0x0400)).isTrue();
    }
}
