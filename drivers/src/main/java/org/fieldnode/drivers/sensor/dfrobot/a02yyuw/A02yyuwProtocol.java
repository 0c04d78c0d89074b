// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.dfrobot.a02yyuw;

import org.fieldnode.drivers.bus.FrameSync.Verdict;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * The A02YYUW output frame (DFRobot SEN0311 wiki, "UART auto output"): 4 bytes {@code 0xFF, H, L, SUM}, distance =
 * H·256 + L in mm, SUM = low byte of 0xFF + H + L. Public so that the simulator shares the constants.
 */
public final class A02yyuwProtocol {
    public static final UartSettings SERIAL = UartSettings.of8n1(9600);
    public static final int HEADER = 0xFF;
    public static final int FRAME_LENGTH = 4;
    /** Blind zone: nearer targets are not measured (SEN0311: range 3 cm to 450 cm). */
    public static final int MIN_MM = 30;

    public static final int MAX_MM = 4500;

    private A02yyuwProtocol() {}

    /** SUM of a frame carrying {@code high} and {@code low}. */
    public static int checksum(int high, int low) {
        return (HEADER + high + low) & 0xFF;
    }

    /** A {@link org.fieldnode.drivers.bus.FrameSync.Decoder} for the 4-byte frames. */
    public static Verdict judge(byte[] buffer, int start, int length) {
        if ((buffer[start] & 0xFF) != HEADER) {
            return Verdict.NO_FRAME;
        }
        if (length < FRAME_LENGTH) {
            return Verdict.NEED_MORE;
        }
        int high = buffer[start + 1] & 0xFF;
        int low = buffer[start + 2] & 0xFF;
        int sum = buffer[start + 3] & 0xFF;
        if (sum != checksum(high, low)) {
            // 0xFF is also a data value, so a bad sum usually means a false header: the caller resyncs.
            return new Verdict.BadChecksum("A02YYUW frame says 0x%02X, 0xFF + 0x%02X + 0x%02X gives 0x%02X"
                    .formatted(sum, high, low, checksum(high, low)));
        }
        return new Verdict.Frame(FRAME_LENGTH);
    }

    /** The distance in mm of a checked frame. */
    public static int millimetres(byte[] frame) {
        return (frame[1] & 0xFF) << 8 | frame[2] & 0xFF;
    }
}
