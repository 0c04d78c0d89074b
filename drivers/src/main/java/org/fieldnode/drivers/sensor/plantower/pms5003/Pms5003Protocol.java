// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.plantower.pms5003;

import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.FrameSync.Verdict;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * The PMS5003 serial protocol (data manual, "Appendix I: transport protocol" and "Appendix II: protocol of
 * passive mode"). Public so that the simulator and the tests share one source of truth for the constants; the
 * simulator encodes frames on its own.
 *
 * <pre>
 * data frame, 32 bytes, big-endian words:
 *   0x42 0x4D | frame length = 28 | data1..data13 (2 bytes each) | checksum = sum of bytes 0..29
 *   data1..3  PM1.0, PM2.5, PM10 in ug/m3, CF=1 (standard particle, factory calibration)
 *   data4..6  PM1.0, PM2.5, PM10 in ug/m3, atmospheric environment  &lt;- what we report
 *   data7..12 particles &gt; 0.3, 0.5, 1.0, 2.5, 5.0, 10 um per 0.1 L
 *   data13    version (high byte), error code (low byte)
 * command, 7 bytes:
 *   0x42 0x4D | CMD | DATAH DATAL | LRC = sum of the 5 bytes before it, 16 bit
 * </pre>
 */
public final class Pms5003Protocol {
    public static final UartSettings SERIAL = UartSettings.of8n1(9600);

    public static final int START_1 = 0x42;
    public static final int START_2 = 0x4D;
    public static final int FRAME_LENGTH = 32;
    /** The frame-length field of a data frame: 2 × 13 data words + 2 checksum bytes. */
    public static final int DATA_FRAME_LENGTH_FIELD = 28;

    public static final int CMD_READ = 0xE2;
    public static final int CMD_MODE = 0xE1;
    public static final int CMD_SLEEP = 0xE4;
    public static final int MODE_PASSIVE = 0x00;
    public static final int MODE_ACTIVE = 0x01;
    public static final int SLEEP = 0x00;
    public static final int WAKE = 0x01;

    /** Word index (0-based, after the length field) of the atmospheric PM1.0 value; PM2.5 and PM10 follow. */
    public static final int WORD_PM1_ATMOSPHERIC = 3;

    private Pms5003Protocol() {}

    /** The 7-byte command {@code cmd} with 16-bit {@code data}, checksum included. */
    public static byte[] command(int cmd, int data) {
        byte[] frame = {(byte) START_1, (byte) START_2, (byte) cmd, (byte) (data >> 8), (byte) data, 0, 0};
        int sum = sum(frame, 0, 5);
        frame[5] = (byte) (sum >> 8);
        frame[6] = (byte) sum;
        return frame;
    }

    /** The 16-bit sum of {@code length} unsigned bytes from {@code from}. */
    public static int sum(byte[] bytes, int from, int length) {
        int sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    /** A {@link FrameSync.Decoder} for 32-byte data frames; shorter frames (command replies) are skipped. */
    public static Verdict judge(byte[] buffer, int start, int length) {
        if ((buffer[start] & 0xFF) != START_1) {
            return Verdict.NO_FRAME;
        }
        if (length < 2) {
            return Verdict.NEED_MORE;
        }
        if ((buffer[start + 1] & 0xFF) != START_2) {
            return Verdict.NO_FRAME;
        }
        if (length < 4) {
            return Verdict.NEED_MORE;
        }
        if (word(buffer, start + 2) != DATA_FRAME_LENGTH_FIELD) {
            return Verdict.NO_FRAME;
        }
        if (length < FRAME_LENGTH) {
            return Verdict.NEED_MORE;
        }
        int expected = word(buffer, start + 30);
        int actual = sum(buffer, start, 30);
        if (expected != actual) {
            return new Verdict.BadChecksum(
                    "PMS5003 frame says 0x%04X, bytes 0..29 sum to 0x%04X".formatted(expected, actual));
        }
        return new Verdict.Frame(FRAME_LENGTH);
    }

    /** Data word {@code index} (0-based: 0 = PM1.0 CF=1 ... 12 = version/error) of a checked frame. */
    public static int dataWord(byte[] frame, int index) {
        return word(frame, 4 + 2 * index);
    }

    private static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
