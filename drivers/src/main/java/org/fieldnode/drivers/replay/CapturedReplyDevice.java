// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.bus.I2cDevice;

/**
 * A command-based I2C chip whose measurement reply comes from a capture. Everything the driver sends goes to the
 * chip's simulator, which answers the protocol around the measurement (reset, serial number, status, data-ready) as
 * the datasheet says. Once {@link #arm() armed}, at the start of the fetch being replayed, the first read whose
 * length equals the capture's gets the captured bytes instead of the simulator's, so the driver decodes and checks
 * (CRC) exactly what the real chip sent. {@link #substituted()} tells whether that happened: a replay whose capture
 * was never read must not print the simulator's values.
 */
final class CapturedReplyDevice implements I2cDevice {
    private final I2cDevice simulated;
    private final byte[] capture;
    private final List<Integer> readLengths = new ArrayList<>();
    private boolean armed;
    private boolean substituted;

    CapturedReplyDevice(I2cDevice simulated, byte[] capture) {
        this.simulated = Objects.requireNonNull(simulated, "simulated");
        this.capture = capture.clone();
    }

    void arm() {
        armed = true;
        readLengths.clear();
    }

    boolean substituted() {
        return substituted;
    }

    /** The lengths of the reads the driver made since {@link #arm()}. */
    List<Integer> readLengths() {
        return List.copyOf(readLengths);
    }

    @Override
    public void write(byte[] data) throws DeviceException {
        simulated.write(data);
    }

    @Override
    public void read(byte[] into) throws DeviceException {
        simulated.read(into);
        if (armed) {
            readLengths.add(into.length);
            if (!substituted && into.length == capture.length) {
                System.arraycopy(capture, 0, into, 0, capture.length);
                substituted = true;
            }
        }
    }

    @Override
    public void close() {
        simulated.close();
    }
}
