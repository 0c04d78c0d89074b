// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.winsen.mhz19b;

import java.time.Duration;
import org.fieldnode.drivers.bus.FrameSync;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * The MH-Z19B's serial protocol ("Intelligent Infrared CO2 Module (Model: MH-Z19B) User's Manual", Winsen, V1.0,
 * "Communication protocol"): 9600 8N1, 9-byte commands and answers starting 0xFF, the last byte a checksum: the
 * two's complement of the sum of bytes 1..7. Command 0x86 reads the concentration: answer FF 86 HH LL ..., CO2 =
 * HH × 256 + LL ppm. Public so that the simulator shares one source of truth.
 */
public final class Mhz19bProtocol {
    public static final UartSettings SERIAL = UartSettings.of8n1(9600);
    public static final int START = 0xFF;
    public static final int READ_CO2 = 0x86;
    public static final int FRAME_LENGTH = 9;

    /** How long the module takes at most to answer. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofMillis(500);

    private Mhz19bProtocol() {}

    /** The checksum of a frame: 0xFF − (byte 1 + … + byte 7) + 1, modulo 256. */
    public static int checksum(byte[] frame, int start) {
        int sum = 0;
        for (int i = 1; i < FRAME_LENGTH - 1; i++) {
            sum += frame[start + i] & 0xFF;
        }
        return (0xFF - (sum & 0xFF) + 1) & 0xFF;
    }

    /** A command frame: FF 01 {@code command} 00 00 00 00 00 checksum (the read command is FF 01 86 … 79). */
    public static byte[] command(int command) {
        byte[] frame = {(byte) START, 0x01, (byte) command, 0, 0, 0, 0, 0, 0};
        frame[8] = (byte) checksum(frame, 0);
        return frame;
    }

    /** Judges an answer to the read command at {@code start} ({@link FrameSync}). */
    public static FrameSync.Verdict judge(byte[] buffer, int start, int length) {
        if ((buffer[start] & 0xFF) != START) {
            return FrameSync.Verdict.NO_FRAME;
        }
        if (length < 2) {
            return FrameSync.Verdict.NEED_MORE;
        }
        if ((buffer[start + 1] & 0xFF) != READ_CO2) {
            return FrameSync.Verdict.NO_FRAME;
        }
        if (length < FRAME_LENGTH) {
            return FrameSync.Verdict.NEED_MORE;
        }
        int expected = checksum(buffer, start);
        int actual = buffer[start + FRAME_LENGTH - 1] & 0xFF;
        if (expected != actual) {
            return new FrameSync.Verdict.BadChecksum("computed 0x%02X, frame says 0x%02X".formatted(expected, actual));
        }
        return new FrameSync.Verdict.Frame(FRAME_LENGTH);
    }

    /** The concentration of a checked answer, in ppm. */
    public static int ppm(byte[] answer) {
        return (answer[2] & 0xFF) << 8 | answer[3] & 0xFF;
    }
}
