// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sim;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.fieldnode.drivers.bus.Sleeper;
import org.fieldnode.drivers.sensor.winsen.mhz19b.Mhz19bProtocol;

/**
 * A frame-level Winsen MH-Z19B on a UART: it answers the read command (FF 01 86 … 79) with the concentration, and
 * nothing else; other commands are not modelled and recorded as violations, as is a command with a bad checksum
 * (the module ignores it). Backend face: {@link #setPpm}; 415 ppm (outdoor air) by default.
 */
public final class SimulatedMhz19b extends SimulatedSerialDevice {
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private int ppm = 415;

    public SimulatedMhz19b(Sleeper clock) {
        super(clock, Mhz19bProtocol.SERIAL);
    }

    public synchronized void setPpm(int ppm) {
        if (ppm < 0 || ppm > 0xFFFF) {
            throw new IllegalArgumentException("not a 16-bit concentration: " + ppm);
        }
        this.ppm = ppm;
    }

    @Override
    protected synchronized void onReceive(int value) {
        if (command.size() == 0 && value != Mhz19bProtocol.START) {
            violation("byte 0x%02X outside a command frame", value);
            return;
        }
        command.write(value);
        if (command.size() < Mhz19bProtocol.FRAME_LENGTH) {
            return;
        }
        byte[] frame = command.toByteArray();
        command.reset();
        if (Mhz19bProtocol.checksum(frame, 0) != (frame[8] & 0xFF)) {
            violation("command %s with a bad checksum", Arrays.toString(frame));
            return;
        }
        if ((frame[2] & 0xFF) != Mhz19bProtocol.READ_CO2) {
            violation("command 0x%02X is not modelled", frame[2] & 0xFF);
            return;
        }
        byte[] answer = {(byte) 0xFF, (byte) Mhz19bProtocol.READ_CO2, (byte) (ppm >> 8), (byte) ppm, 0x47, 0, 0, 0, 0};
        answer[8] = (byte) Mhz19bProtocol.checksum(answer, 0);
        transmitFrame(answer, 8);
    }
}
