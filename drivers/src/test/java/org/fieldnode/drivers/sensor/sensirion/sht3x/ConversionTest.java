// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** DS §4.13 formulas at their end points and at 0x6666, which is exactly 0.4 of full scale. */
class ConversionTest {
    @Test
    void temperature_spansMinus45To130Celsius() {
        assertThat(Conversion.celsius(0x0000)).isEqualTo(-45.0);
        assertThat(Conversion.celsius(0xFFFF)).isEqualTo(130.0);
        assertThat(Conversion.celsius(0x6666)).isCloseTo(25.0, within(1e-12));
    }

    @Test
    void humidity_spans0To100Percent() {
        assertThat(Conversion.relativeHumidity(0x0000)).isEqualTo(0.0);
        assertThat(Conversion.relativeHumidity(0xFFFF)).isEqualTo(100.0);
        assertThat(Conversion.relativeHumidity(0x6666)).isCloseTo(40.0, within(1e-12));
    }

    @Test
    void rawValuesBeyond16Bits_areRejected() {
        assertThatThrownBy(() -> Conversion.celsius(0x1_0000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Conversion.relativeHumidity(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
