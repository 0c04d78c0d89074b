// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.nova.sds011;

import org.fieldnode.drivers.bus.FrameSync.Verdict;
import org.fieldnode.drivers.bus.UartSettings;

/**
 * The SDS011 serial protocol (Nova Fitness "Laser Dust Sensor Control Protocol" V1.3, and the SDS011 datasheet
 * V1.3). Public so that the simulator and the tests share the constants; the simulator encodes frames on its own.
 *
 * <pre>
 * sensor to host, 10 bytes:
 *   0xAA | 0xC0 (data) or 0xC5 (command reply) | 6 data bytes | checksum | 0xAB
 *   data: PM2.5 low, PM2.5 high, PM10 low, PM10 high, id 1, id 2; value = (high·256 + low) / 10 ug/m3
 *   checksum = low byte of the sum of the 6 data bytes (bytes 2..7)
 * host to sensor, 19 bytes:
 *   0xAA | 0xB4 | command | 12 data bytes | id 1, id 2 (0xFF 0xFF = any sensor) | checksum | 0xAB
 *   checksum = low byte of the sum of bytes 2..16
 * </pre>
 */
public final class Sds011Protocol {
    public static final UartSettings SERIAL = UartSettings.of8n1(9600);

    public static final int HEAD = 0xAA;
    public static final int TAIL = 0xAB;
    public static final int DATA = 0xC0;
    public static final int REPLY = 0xC5;
    public static final int COMMAND = 0xB4;
    public static final int FRAME_LENGTH = 10;
    public static final int COMMAND_LENGTH = 19;

    public static final int CMD_REPORTING_MODE = 0x02;
    public static final int CMD_QUERY = 0x04;
    public static final int CMD_SLEEP_WORK = 0x06;
    public static final int SET = 0x01;
    public static final int REPORT_ACTIVE = 0x00;
    public static final int REPORT_QUERY = 0x01;
    public static final int SLEEP = 0x00;
    public static final int WORK = 0x01;

    private Sds011Protocol() {}

    /** A 19-byte command to any sensor: {@code command}, then {@code data} in data bytes 2, 3, ..., then zeros. */
    public static byte[] command(int command, int... data) {
        byte[] frame = new byte[COMMAND_LENGTH];
        frame[0] = (byte) HEAD;
        frame[1] = (byte) COMMAND;
        frame[2] = (byte) command;
        for (int i = 0; i < data.length; i++) {
            frame[3 + i] = (byte) data[i];
        }
        frame[15] = (byte) 0xFF;
        frame[16] = (byte) 0xFF;
        frame[17] = (byte) checksum(frame, 2, 15);
        frame[18] = (byte) TAIL;
        return frame;
    }

    /** The low byte of the sum of {@code length} unsigned bytes from {@code from}. */
    public static int checksum(byte[] bytes, int from, int length) {
        int sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum & 0xFF;
    }

    /** A {@link org.fieldnode.drivers.bus.FrameSync.Decoder} for data frames; command replies are skipped. */
    public static Verdict judge(byte[] buffer, int start, int length) {
        if ((buffer[start] & 0xFF) != HEAD) {
            return Verdict.NO_FRAME;
        }
        if (length < 2) {
            return Verdict.NEED_MORE;
        }
        if ((buffer[start + 1] & 0xFF) != DATA) {
            return Verdict.NO_FRAME;
        }
        if (length < FRAME_LENGTH) {
            return Verdict.NEED_MORE;
        }
        if ((buffer[start + 9] & 0xFF) != TAIL) {
            return Verdict.NO_FRAME;
        }
        int expected = buffer[start + 8] & 0xFF;
        int actual = checksum(buffer, start + 2, 6);
        if (expected != actual) {
            return new Verdict.BadChecksum(
                    "SDS011 frame says 0x%02X, data bytes sum to 0x%02X".formatted(expected, actual));
        }
        return new Verdict.Frame(FRAME_LENGTH);
    }

    /** PM2.5 of a checked data frame in ug/m3. */
    public static double pm2_5(byte[] frame) {
        return tenths(frame[3], frame[2]);
    }

    /** PM10 of a checked data frame in ug/m3. */
    public static double pm10(byte[] frame) {
        return tenths(frame[5], frame[4]);
    }

    private static double tenths(byte high, byte low) {
        return ((high & 0xFF) * 256 + (low & 0xFF)) / 10.0;
    }
}
