// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.FrameSync.Verdict;
import org.junit.jupiter.api.Test;

class Pms5003ProtocolTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A data frame written out by hand: CF=1 values 5, 7, 8; atmospheric 4, 6, 8; counts; version 0x97 error 0.
     * Checksum: 0x42 + 0x4D + 0x1C + the data bytes = 0x01E9.
     */
    static final byte[] FRAME = HEX.parseHex("424d001c"
            + "0005" + "0007" + "0008" // PM1.0, PM2.5, PM10 CF=1
            + "0004" + "0006" + "0008" // PM1.0, PM2.5, PM10 atmospheric
            + "0411" + "0135" + "0032" + "0004" + "0000" + "0000" // >0.3 .. >10 um per 0.1 L
            + "9700" // version, error code
            + "01e9");

    @Test
    void commands_carryTheDatasheetChecksums() {
        // Appendix II: the checksum is the 16-bit sum of the five bytes before it.
        assertThat(HEX.formatHex(Pms5003Protocol.command(0xE2, 0x0000))).isEqualTo("424de200000171");
        assertThat(HEX.formatHex(Pms5003Protocol.command(0xE1, 0x0000))).isEqualTo("424de100000170");
        assertThat(HEX.formatHex(Pms5003Protocol.command(0xE1, 0x0001))).isEqualTo("424de100010171");
        assertThat(HEX.formatHex(Pms5003Protocol.command(0xE4, 0x0000))).isEqualTo("424de400000173");
        assertThat(HEX.formatHex(Pms5003Protocol.command(0xE4, 0x0001))).isEqualTo("424de400010174");
    }

    @Test
    void checksum_isTheSumOfBytes0To29() {
        assertThat(Pms5003Protocol.sum(FRAME, 0, 30)).isEqualTo(0x01E9);
        assertThat(Pms5003Protocol.judge(FRAME, 0, FRAME.length)).isEqualTo(new Verdict.Frame(32));
    }

    @Test
    void toMeasurement_reportsTheAtmosphericValuesNotCf1() {
        Measurement m = Pms5003.toMeasurement(FRAME);

        assertThat(m.values())
                .containsExactlyInAnyOrderEntriesOf(
                        java.util.Map.of(Channel.PM1, 4.0, Channel.PM2_5, 6.0, Channel.PM10, 8.0));
    }

    @Test
    void judge_needsMoreBytesForAPartialFrame_andRejectsOtherFrameLengths() {
        assertThat(Pms5003Protocol.judge(FRAME, 0, 20)).isEqualTo(Verdict.NEED_MORE);
        assertThat(Pms5003Protocol.judge(FRAME, 1, FRAME.length - 1)).isEqualTo(Verdict.NO_FRAME);
        byte[] ack = HEX.parseHex("424d0004e1000174");
        assertThat(Pms5003Protocol.judge(ack, 0, ack.length)).isEqualTo(Verdict.NO_FRAME);
    }

    @Test
    void findIn_resyncsAfterGarbageAndAMidFrameStart() {
        byte[] capture = HEX.parseHex("0b12424d" + HEX.formatHex(FRAME, 10, 32) + "ff00" + HEX.formatHex(FRAME));

        assertThat(FrameSync.findIn(capture, Pms5003Protocol::judge)).isEqualTo(FRAME);
    }

    @Test
    void findIn_namesABadChecksum() {
        byte[] corrupt = FRAME.clone();
        corrupt[31] ^= 1;

        assertThatThrownBy(() -> FrameSync.findIn(corrupt, Pms5003Protocol::judge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum")
                .hasMessageContaining("0x01E8")
                .hasMessageContaining("0x01E9");
        assertThat(FrameSync.findIn(new byte[] {0x42, 0x4D, 0x00}, Pms5003Protocol::judge))
                .isNull();
    }
}
