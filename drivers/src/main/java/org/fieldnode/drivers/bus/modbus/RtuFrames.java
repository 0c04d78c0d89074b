// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.bus.modbus;

import java.util.Arrays;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.FrameSync;

/**
 * Modbus RTU frames ("Modbus over Serial Line V1.02" §2.5.1): slave id, PDU (function code and data, "Modbus
 * Application Protocol V1.1b3" §4.1), CRC-16 low byte first. Pure functions, shared by the master and the simulated
 * slaves.
 */
public final class RtuFrames {
    /** Read Holding Registers. */
    public static final int READ_HOLDING = 0x03;
    /** Read Input Registers. */
    public static final int READ_INPUT = 0x04;
    /** Write Single Register. */
    public static final int WRITE_SINGLE = 0x06;
    /** Write Multiple Registers. */
    public static final int WRITE_MULTIPLE = 0x10;
    /** Set in the function code of an exception response (V1.1b3 §7). */
    public static final int EXCEPTION_FLAG = 0x80;

    /** Exception code 01: the function is not supported. */
    public static final int ILLEGAL_FUNCTION = 0x01;
    /** Exception code 02: the register address (or address + count) is outside the device's map. */
    public static final int ILLEGAL_DATA_ADDRESS = 0x02;
    /** Exception code 03: a value in the request is not allowed (e.g. a count of 0 or above 125). */
    public static final int ILLEGAL_DATA_VALUE = 0x03;
    /** Exception code 04: the device failed while doing it. */
    public static final int DEVICE_FAILURE = 0x04;

    /** The most registers one read may ask for (V1.1b3 §6.3). */
    public static final int MAX_READ_COUNT = 125;
    /** The longest RTU frame: 256 bytes (V1.02 §2.5.1). */
    public static final int MAX_FRAME = 256;

    private RtuFrames() {}

    /** {@code slave}, then {@code pdu}, then its CRC-16, low byte first. */
    public static byte[] frame(int slave, byte[] pdu) {
        byte[] frame = Arrays.copyOf(new byte[] {(byte) slave}, pdu.length + 3);
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int crc = Crc.modbus16(frame, 0, pdu.length + 1);
        frame[pdu.length + 1] = (byte) crc;
        frame[pdu.length + 2] = (byte) (crc >>> 8);
        return frame;
    }

    /** The PDU of a read (function 03 or 04) of {@code count} registers from {@code address}. */
    public static byte[] readRequest(int function, int address, int count) {
        checkRegister(address);
        if (count < 1 || count > MAX_READ_COUNT || address + count > 0x10000) {
            throw new IllegalArgumentException("count must be 1..125 and stay below register 0x10000, got " + count);
        }
        return new byte[] {(byte) function, (byte) (address >> 8), (byte) address, (byte) (count >> 8), (byte) count};
    }

    /** The PDU of a Write Single Register. */
    public static byte[] writeSingleRequest(int address, int value) {
        checkRegister(address);
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("a register holds 0..65535, got " + value);
        }
        return new byte[] {(byte) WRITE_SINGLE, (byte) (address >> 8), (byte) address, (byte) (value >> 8), (byte) value
        };
    }

    private static void checkRegister(int address) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("a register address is 0..0xFFFF, got " + address);
        }
    }

    /** The registers of a read response PDU ({@code function, byte count, values}). */
    public static int[] registers(byte[] pdu) {
        int count = (pdu[1] & 0xFF) / 2;
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = (pdu[2 + 2 * i] & 0xFF) << 8 | pdu[3 + 2 * i] & 0xFF;
        }
        return values;
    }

    /** What exception {@code code} means, for messages. */
    public static String exceptionName(int code) {
        return switch (code) {
            case ILLEGAL_FUNCTION -> "illegal function";
            case ILLEGAL_DATA_ADDRESS -> "illegal data address";
            case ILLEGAL_DATA_VALUE -> "illegal data value";
            case DEVICE_FAILURE -> "slave device failure";
            case 0x05 -> "acknowledge (still working)";
            case 0x06 -> "slave device busy";
            case 0x0A, 0x0B -> "gateway: no answer";
            default -> "code 0x%02X".formatted(code);
        };
    }

    /**
     * A {@link FrameSync.Decoder} for the answer of {@code slave} to a request with function {@code function}: a
     * normal response (length from the function: byte count for reads, 8 bytes for writes) or an exception response
     * (5 bytes). Bytes that do not start such a frame (noise, another slave's answer) are skipped.
     */
    public static FrameSync.Decoder responseTo(int slave, int function) {
        return (buffer, start, length) -> {
            if ((buffer[start] & 0xFF) != slave) {
                return FrameSync.Verdict.NO_FRAME;
            }
            if (length < 2) {
                return FrameSync.Verdict.NEED_MORE;
            }
            int code = buffer[start + 1] & 0xFF;
            int frameLength;
            if (code == (function | EXCEPTION_FLAG)) {
                frameLength = 5;
            } else if (code != function) {
                return FrameSync.Verdict.NO_FRAME;
            } else if (function == READ_HOLDING || function == READ_INPUT) {
                if (length < 3) {
                    return FrameSync.Verdict.NEED_MORE;
                }
                int bytes = buffer[start + 2] & 0xFF;
                if (bytes == 0 || bytes % 2 != 0 || bytes > 2 * MAX_READ_COUNT) {
                    return FrameSync.Verdict.NO_FRAME;
                }
                frameLength = 5 + bytes;
            } else {
                frameLength = 8; // 06 and 0x10 echo address and value or count
            }
            if (length < frameLength) {
                return FrameSync.Verdict.NEED_MORE;
            }
            if (Crc.modbus16(buffer, start, frameLength) != 0) {
                return new FrameSync.Verdict.BadChecksum(
                        "CRC-16 of the answer of slave %d to function 0x%02X".formatted(slave, function));
            }
            return new FrameSync.Verdict.Frame(frameLength);
        };
    }

    /** The PDU inside a whole frame. */
    public static byte[] pdu(byte[] frame) {
        return Arrays.copyOfRange(frame, 1, frame.length - 2);
    }
}
