// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Objects;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.I2cDevice;
import org.fieldnode.drivers.bus.RegisterBus;

/**
 * A read-only register file served from an {@code i2cdump} capture, through both register access and raw I2C
 * transfers (a raw write sets the register pointer, a raw read continues from it, as on the chip). Writes are
 * accepted and ignored: the chip that was dumped already ran the conversion whose results the dump holds, so the
 * driver's control writes (reset, forced mode) change nothing. Reading a register the dump lacks ({@code XX}) is a
 * permanent {@link BusException} naming the register.
 */
final class DumpRegisterBus implements RegisterBus, I2cDevice {
    private final Capture.RegisterDump dump;
    private final String sensorId;
    private int pointer;
    private boolean closed;

    DumpRegisterBus(Capture.RegisterDump dump, String sensorId) {
        this.dump = Objects.requireNonNull(dump, "dump");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    }

    @Override
    public void read(int register, byte[] into) throws BusException {
        checkOpen();
        for (int i = 0; i < into.length; i++) {
            int r = (register + i) & 0xFF;
            int value = dump.value(r)
                    .orElseThrow(() -> new BusException(
                            sensorId,
                            "register 0x%02X is missing from the capture (XX or blank in the i2cdump)".formatted(r),
                            false));
            into[i] = (byte) value;
        }
        pointer = (register + into.length) & 0xFF;
    }

    @Override
    public void write(int register, int value) {
        checkOpen();
        pointer = (register + 1) & 0xFF;
    }

    @Override
    public void write(int register, byte[] data) {
        checkOpen();
        pointer = (register + data.length) & 0xFF;
    }

    @Override
    public void write(byte[] data) {
        checkOpen();
        if (data.length > 0) {
            pointer = ((data[0] & 0xFF) + data.length - 1) & 0xFF;
        }
    }

    @Override
    public void read(byte[] into) throws BusException {
        read(pointer, into);
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(sensorId + ": replay handle used after close");
        }
    }
}
