// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.rohm.bh1750;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class Bh1750ConversionProperties {
    @Property
    void luxTimesMtregIsIndependentOfMtreg(
            @ForAll @IntRange(min = 0, max = 0xFFFF) int count, @ForAll @IntRange(min = 31, max = 254) int mtreg) {
        assertThat(Conversion.lux(count, mtreg) * mtreg).isCloseTo(Conversion.lux(count, 69) * 69, within(1e-6));
    }

    @Property
    void mtregOpcodesRoundTrip(@ForAll @IntRange(min = 31, max = 254) int mtreg) {
        int[] opcodes = Bh1750Opcodes.mtregOpcodes(mtreg);

        assertThat(opcodes[0] >> 3).isEqualTo(0b01000);
        assertThat(opcodes[1] >> 5).isEqualTo(0b011);
        assertThat((opcodes[0] & 0b111) << 5 | opcodes[1] & 0b1_1111).isEqualTo(mtreg);
    }
}
