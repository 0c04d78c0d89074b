// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Arrays;
import java.util.HexFormat;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.Crc;
import org.fieldnode.drivers.bus.ModbusDevice;
import org.fieldnode.drivers.bus.modbus.RtuFrames;

/**
 * A Modbus slave whose answers come from a capture: the answer frames a real probe sent, as hex (e.g. what
 * {@code mbpoll} or a sniffer printed), in the order the driver asks, played again from the start once used up (so
 * the driver's probe at open and its fetch both hear them). Each request takes the next frame, which must
 * be from this slave, for the same function, with as many registers as asked and a good CRC-16; anything else is the
 * driver's own fault report, never a reading.
 */
final class CapturedModbusDevice implements ModbusDevice {
    private final int slave;
    private final byte[] capture;
    private final String sensorId;
    private int position;

    CapturedModbusDevice(int slave, byte[] capture, String sensorId) {
        this.slave = slave;
        this.capture = capture.clone();
        this.sensorId = sensorId;
    }

    @Override
    public int slave() {
        return slave;
    }

    @Override
    public int[] readHoldingRegisters(int address, int count) throws DeviceException {
        return read(RtuFrames.READ_HOLDING, count);
    }

    @Override
    public int[] readInputRegisters(int address, int count) throws DeviceException {
        return read(RtuFrames.READ_INPUT, count);
    }

    @Override
    public void writeRegister(int address, int value) {
        // a write changes nothing in a capture
    }

    private int[] read(int function, int count) throws DeviceException {
        int length = 5 + 2 * count;
        if (position + length > capture.length) {
            position = 0; // the capture is the answers to one fetch; the slave answers the same again
        }
        if (length > capture.length) {
            throw new BusException(
                    sensorId,
                    "the capture holds no answer of %d registers: the driver asked for them with function 0x%02X"
                            .formatted(count, function),
                    true);
        }
        byte[] frame = Arrays.copyOfRange(capture, position, position + length);
        position += length;
        String hex = HexFormat.ofDelimiter(" ").formatHex(frame);
        if ((frame[0] & 0xFF) != slave || (frame[1] & 0xFF) != function || (frame[2] & 0xFF) != 2 * count) {
            throw new BusException(
                    sensorId,
                    "the captured frame %s is not slave %d's answer to function 0x%02X for %d registers"
                            .formatted(hex, slave, function, count),
                    true);
        }
        if (Crc.modbus16(frame, 0, frame.length) != 0) {
            throw new BusException(sensorId, "checksum mismatch: CRC-16 of the captured frame " + hex, true);
        }
        return RtuFrames.registers(RtuFrames.pdu(frame));
    }

    @Override
    public void close() {}
}
