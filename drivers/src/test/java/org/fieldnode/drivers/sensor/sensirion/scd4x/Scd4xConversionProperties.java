// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.scd4x;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Scd4xConversionProperties {
    @Property
    void dataReadyIgnoresTheHigh5Bits(
            @ForAll @IntRange(min = 0, max = 0x1F) int high, @ForAll @IntRange(min = 0, max = 0x7FF) int low) {
        assertThat(Conversion.dataReady(high << 11 | low)).isEqualTo(low != 0);
    }

    @Property
    void humidityAndTemperatureStayInTheirSpans(@ForAll @IntRange(min = 0, max = 0xFFFF) int raw) {
        assertThat(Conversion.celsius(raw)).isBetween(-45.0, 130.0);
        assertThat(Conversion.relativeHumidity(raw)).isBetween(0.0, 100.0);
    }
}
