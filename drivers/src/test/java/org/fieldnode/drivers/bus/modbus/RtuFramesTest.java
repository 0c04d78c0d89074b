// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.UartSettings;
import org.junit.jupiter.api.Test;

class RtuFramesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readRequest_isFramedWithTheCrcLowByteFirst() {
        // "Modbus over Serial Line V1.02" §6.2.2 and every vendor manual: 01 03 00 00 00 01 84 0A.
        byte[] frame = RtuFrames.frame(1, RtuFrames.readRequest(RtuFrames.READ_HOLDING, 0, 1));

        assertThat(HEX.formatHex(frame)).isEqualTo("010300000001840a");
        assertThat(Crc.modbus16(frame, 0, 6)).isEqualTo(0x0A84);
        assertThat(Crc.modbus16(frame, 0, frame.length)).isZero();
    }

    @Test
    void soilProbeManualExample_decodes() {
        // The soil probe's manual: 01 03 06 01 2C 00 F2 07 26 + CRC = 30.0 %, 24.2 °C, 1830 µS/cm.
        byte[] pdu = HEX.parseHex("0306012c00f20726");
        byte[] frame = RtuFrames.frame(1, pdu);

        FrameSync.Verdict verdict = RtuFrames.responseTo(1, 3).judge(frame, 0, frame.length);

        assertThat(verdict).isEqualTo(new FrameSync.Verdict.Frame(11));
        assertThat(RtuFrames.registers(RtuFrames.pdu(frame))).containsExactly(300, 242, 1830);
    }

    @Test
    void decoder_skipsAnotherSlavesAnswer_andReportsABadCrc() {
        byte[] other = RtuFrames.frame(2, HEX.parseHex("03020001"));
        byte[] bad = RtuFrames.frame(1, HEX.parseHex("03020001"));
        bad[bad.length - 1] ^= 0x01;
        FrameSync.Decoder decoder = RtuFrames.responseTo(1, 3);

        assertThat(decoder.judge(other, 0, other.length)).isEqualTo(FrameSync.Verdict.NO_FRAME);
        assertThat(decoder.judge(bad, 0, bad.length)).isInstanceOf(FrameSync.Verdict.BadChecksum.class);
        assertThat(decoder.judge(bad, 0, 4)).isEqualTo(FrameSync.Verdict.NEED_MORE);
    }

    @Test
    void exceptionResponse_isFiveBytes() {
        byte[] frame = RtuFrames.frame(1, new byte[] {(byte) 0x83, 0x02});

        assertThat(RtuFrames.responseTo(1, 3).judge(frame, 0, frame.length)).isEqualTo(new FrameSync.Verdict.Frame(5));
    }

    @Test
    void silentInterval_isThreeAndAHalfCharacters_upTo19200Baud_then1750Microseconds() {
        ModbusSettings at9600 = ModbusSettings.DEFAULTS;
        ModbusSettings at4800Even = at9600.withLine(new UartSettings(4800, 8, UartSettings.Parity.EVEN, 1));
        ModbusSettings at115200 = at9600.withLine(UartSettings.of8n1(115_200));

        assertThat(at9600.characterTime()).isEqualTo(Duration.ofNanos(1_041_667)); // 10 bits
        assertThat(at9600.silentInterval()).isEqualTo(Duration.ofNanos(3_645_834));
        assertThat(at4800Even.characterTime()).isEqualTo(Duration.ofNanos(2_291_667)); // 11 bits
        assertThat(at115200.silentInterval()).isEqualTo(Duration.ofNanos(1_750_000));
    }
}
