// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.RegisterBus;

/**
 * The 16-bit registers of an {@code i2cdump} word-mode capture, read-only: a two-byte read of register R returns
 * the bytes as they crossed the wire, the dumped word's low byte first (SMBus read word), so a driver of a chip that
 * sends its most significant byte first decodes them as it does live. Writes are ignored, as for a byte dump.
 */
final class WordDumpRegisterBus implements RegisterBus {
    private final Capture.WordDump dump;
    private final String sensorId;
    private boolean closed;

    WordDumpRegisterBus(Capture.WordDump dump, String sensorId) {
        this.dump = Objects.requireNonNull(dump, "dump");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    }

    @Override
    public void read(int register, byte[] into) throws BusException {
        if (closed) {
            throw new IllegalStateException(sensorId + ": replay handle used after close");
        }
        if (into.length != 2 && into.length != 1) {
            throw new BusException(
                    sensorId,
                    "a word-mode dump serves 16-bit registers; the driver read %d bytes from 0x%02X"
                            .formatted(into.length, register),
                    false);
        }
        int word = dump.word(register & 0xFF)
                .orElseThrow(() -> new BusException(
                        sensorId,
                        "register 0x%02X is missing from the capture (XXXX in the i2cdump)".formatted(register),
                        false));
        into[0] = (byte) word;
        if (into.length == 2) {
            into[1] = (byte) (word >> 8);
        }
    }

    @Override
    public void write(int register, int value) {}

    @Override
    public void write(int register, byte[] data) {}

    @Override
    public void close() {
        closed = true;
    }
}
