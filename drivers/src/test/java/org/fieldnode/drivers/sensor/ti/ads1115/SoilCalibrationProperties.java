// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.ti.ads1115;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class SoilCalibrationProperties {
    @Property
    void percentStaysWithin0To100(
            @ForAll @DoubleRange(min = 0.0, max = 3.6) double dry,
            @ForAll @DoubleRange(min = 0.0, max = 3.6) double wet,
            @ForAll @DoubleRange(min = -0.3, max = 3.6) double volts) {
        Assume.that(dry != wet);

        assertThat(new SoilCalibration(0, dry, wet).percent(volts)).isBetween(0.0, 100.0);
    }

    @Property
    void capacitiveProbe_readsWetterAsItsOutputFalls(
            @ForAll @DoubleRange(min = 2.0, max = 3.3) double dry,
            @ForAll @DoubleRange(min = 0.5, max = 1.9) double wet,
            @ForAll @DoubleRange(min = 0.0, max = 3.3) double volts,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double drop) {
        SoilCalibration probe = new SoilCalibration(0, dry, wet);

        assertThat(probe.percent(volts - drop)).isGreaterThanOrEqualTo(probe.percent(volts));
    }
}
