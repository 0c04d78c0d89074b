// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.List;
import java.util.Objects;
import org.fieldnode.drivers.api.DeviceNotFoundException;
import org.fieldnode.drivers.bus.OneWireBus;

/**
 * A 1-Wire line with one slave, {@code deviceId}, whose {@code w1_slave} file is the captured text: the driver
 * reads it, checks the kernel's verdict and the scratchpad CRC itself, and converts.
 */
final class CapturedOneWireLine implements OneWireBus {
    private final String deviceId;
    private final String text;
    private final String sensorId;
    private boolean closed;

    CapturedOneWireLine(String deviceId, String text, String sensorId) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.text = Objects.requireNonNull(text, "text");
        this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    }

    @Override
    public List<String> devices(int family) {
        checkOpen();
        return deviceId.startsWith("%02x-".formatted(family)) ? List.of(deviceId) : List.of();
    }

    @Override
    public String readSlave(String id) throws DeviceNotFoundException {
        checkOpen();
        if (!deviceId.equals(id)) {
            throw new DeviceNotFoundException(sensorId, "the capture is of %s, not %s".formatted(deviceId, id));
        }
        return text;
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
            throw new IllegalStateException(sensorId + ": replay 1-Wire handle used after close");
        }
    }
}
