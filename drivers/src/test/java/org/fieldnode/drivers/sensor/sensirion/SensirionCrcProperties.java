// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.sensirion;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SensirionCrcProperties {
    /** With no final XOR, running the CRC over a word followed by its CRC leaves the register at zero. */
    @Property
    void wordFollowedByItsCrc_checksToZero(@ForAll @IntRange(min = 0, max = 0xFFFF) int word) {
        byte[] framed = {(byte) (word >> 8), (byte) word, (byte) SensirionCrc.crc8(word)};

        assertThat(SensirionCrc.crc8(framed, 0, 3)).isZero();
    }

    /** A CRC-8 with this polynomial detects every single-bit error in a 16-bit word. */
    @Property
    void everySingleBitFlip_changesTheCrc(
            @ForAll @IntRange(min = 0, max = 0xFFFF) int word, @ForAll @IntRange(min = 0, max = 15) int bit) {
        assertThat(SensirionCrc.crc8(word ^ 1 << bit)).isNotEqualTo(SensirionCrc.crc8(word));
    }

    @Property
    void decode_returnsTheWordsThatWereFramed(
            @ForAll @IntRange(min = 0, max = 0xFFFF) int first, @ForAll @IntRange(min = 0, max = 0xFFFF) int second)
            throws Exception {
        byte[] reply = {
            (byte) (first >> 8), (byte) first, (byte) SensirionCrc.crc8(first),
            (byte) (second >> 8), (byte) second, (byte) SensirionCrc.crc8(second)
        };

        assertThat(SensirionWords.decode("env0", reply)).containsExactly(first, second);
    }
}
