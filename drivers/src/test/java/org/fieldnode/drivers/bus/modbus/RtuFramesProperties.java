// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.FrameSync;

class RtuFramesProperties {
    @Property
    void everyFrame_checksToZero(@ForAll @IntRange(min = 1, max = 247) int slave, @ForAll @Size(max = 250) byte[] pdu) {
        byte[] frame = RtuFrames.frame(slave, pdu);
        assertThat(Crc.modbus16(frame, 0, frame.length)).isZero();
    }

    @Property
    void anAnswer_isFoundBehindNoise(
            @ForAll @IntRange(min = 1, max = 247) int slave,
            @ForAll @Size(min = 1, max = 20) int[] registers,
            @ForAll @Size(max = 12) byte[] noise) {
        byte[] pdu = new byte[2 + 2 * registers.length];
        pdu[0] = 0x04;
        pdu[1] = (byte) (2 * registers.length);
        for (int i = 0; i < registers.length; i++) {
            pdu[2 + 2 * i] = (byte) (registers[i] >> 8);
            pdu[3 + 2 * i] = (byte) registers[i];
        }
        byte[] frame = RtuFrames.frame(slave, pdu);
        byte[] stream = Arrays.copyOf(noise, noise.length + frame.length);
        System.arraycopy(frame, 0, stream, noise.length, frame.length);

        byte[] found = FrameSync.findIn(stream, RtuFrames.responseTo(slave, 4));

        assertThat(found).isNotNull();
        int[] expected = Arrays.stream(registers).map(r -> r & 0xFFFF).toArray();
        assertThat(RtuFrames.registers(RtuFrames.pdu(found))).containsExactly(expected);
    }
}
