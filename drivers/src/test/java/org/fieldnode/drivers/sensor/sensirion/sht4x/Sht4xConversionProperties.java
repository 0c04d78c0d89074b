// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion.sht4x;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Sht4xConversionProperties {
    @Property
    void humidityIsAlwaysWithin0To100_andNeverFalls(@ForAll @IntRange(min = 0, max = 0xFFFE) int raw) {
        assertThat(Conversion.relativeHumidity(raw)).isBetween(0.0, 100.0);
        assertThat(Conversion.relativeHumidity(raw + 1)).isGreaterThanOrEqualTo(Conversion.relativeHumidity(raw));
    }

    @Property
    void temperatureRisesWithTheRawWord(@ForAll @IntRange(min = 0, max = 0xFFFE) int raw) {
        assertThat(Conversion.celsius(raw + 1)).isGreaterThan(Conversion.celsius(raw));
    }
}
