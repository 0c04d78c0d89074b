// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** DS §4.6 formulas: T as on the SHT3x, RH = −6 + 125 · S / 65535 cropped to 0..100. */
class ConversionTest {
    @Test
    void temperature_spansMinus45To130Celsius() {
        assertThat(Conversion.celsius(0x0000)).isEqualTo(-45.0);
        assertThat(Conversion.celsius(0xFFFF)).isEqualTo(130.0);
        assertThat(Conversion.celsius(0x6666)).isCloseTo(25.0, within(1e-12));
    }

    @Test
    void humidity_formulaSpansMinus6To119_andIsCroppedTo0To100() {
        assertThat(Conversion.unclampedRelativeHumidity(0x0000)).isEqualTo(-6.0);
        assertThat(Conversion.unclampedRelativeHumidity(0xFFFF)).isEqualTo(119.0);
        assertThat(Conversion.relativeHumidity(0x0000)).isEqualTo(0.0);
        assertThat(Conversion.relativeHumidity(0xFFFF)).isEqualTo(100.0);
        assertThat(Conversion.relativeHumidity(0x6666)).isCloseTo(44.0, within(1e-12)); // −6 + 125 · 0.4
    }

    @Test
    void humidity_cropBoundaries() {
        // S = 3146 is the first word at or above 0 %RH, S = 55573 the last at or below 100 %RH.
        assertThat(Conversion.unclampedRelativeHumidity(3145)).isNegative();
        assertThat(Conversion.relativeHumidity(3146)).isPositive();
        assertThat(Conversion.unclampedRelativeHumidity(55_573)).isLessThan(100.0);
        assertThat(Conversion.unclampedRelativeHumidity(55_574)).isGreaterThan(100.0);
        assertThat(Conversion.relativeHumidity(55_574)).isEqualTo(100.0);
    }
}
