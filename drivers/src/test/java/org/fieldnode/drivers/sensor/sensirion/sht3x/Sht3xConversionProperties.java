// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht3x;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Sht3xConversionProperties {
    @Property
    void bothConversionsRiseWithTheRawWord(@ForAll @IntRange(min = 0, max = 0xFFFE) int raw) {
        assertThat(Conversion.celsius(raw + 1)).isGreaterThan(Conversion.celsius(raw));
        assertThat(Conversion.relativeHumidity(raw + 1)).isGreaterThan(Conversion.relativeHumidity(raw));
    }

    @Property
    void outputsStayInTheirSpans(@ForAll @IntRange(min = 0, max = 0xFFFF) int raw) {
        assertThat(Conversion.celsius(raw)).isBetween(-45.0, 130.0);
        assertThat(Conversion.relativeHumidity(raw)).isBetween(0.0, 100.0);
    }
}
