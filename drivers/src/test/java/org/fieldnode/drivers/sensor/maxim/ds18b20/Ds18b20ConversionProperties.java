// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.maxim.ds18b20;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.fieldnode.drivers.sim.SimulatedDs18b20;

class Ds18b20ConversionProperties {
    @Property
    void maskedValue_isOnTheResolutionGrid_andAtMostOneStepBelow(
            @ForAll @IntRange(min = -880, max = 2000) int raw, @ForAll @IntRange(min = 9, max = 12) int bits) {
        double step = 1.0 / (1 << (bits - 8));
        double celsius = Scratchpad.celsius(raw & 0xFFFF, bits);

        assertThat(celsius / step).isEqualTo(Math.rint(celsius / step));
        assertThat(raw / 16.0 - celsius).isGreaterThanOrEqualTo(0).isLessThan(step);
    }

    @Property
    void everySimulatedScratchpad_decodesToTheSimulatedTemperature(
            @ForAll @IntRange(min = -550, max = 1250) int tenths, @ForAll @IntRange(min = 9, max = 12) int bits)
            throws Exception {
        double celsius = tenths / 10.0;
        SimulatedDs18b20 probe = new SimulatedDs18b20(0x1234, () -> celsius);
        probe.setResolution(bits);
        double step = 1.0 / (1 << (bits - 8));
        String text = SimulatedDs18b20.w1SlaveText(probe.convert());

        if (text.startsWith("50 05")) {
            return; // exactly +85 °C at a resolution that maps onto 0x0550 looks like the power-on value
        }
        double decoded = Ds18b20.celsius(text, "p");
        assertThat(celsius - decoded).isGreaterThanOrEqualTo(0).isLessThan(step);
    }
}
