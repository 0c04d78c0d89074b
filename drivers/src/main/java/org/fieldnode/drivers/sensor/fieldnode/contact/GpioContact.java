// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.sensor.fieldnode.contact;

import java.util.Map;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.DeviceException;
import org.fieldnode.drivers.api.Measurement;
import org.fieldnode.drivers.api.Sensor;
import org.fieldnode.drivers.api.SensorInfo;
import org.fieldnode.drivers.bus.GpioLine;
import org.tinylog.Logger;

/**
 * A contact on one GPIO input, read as a state: each {@link #fetch()} reports {@code contact} 1 when the line is at
 * its active level (the switch closed), 0 when not. The line's debounce keeps a bouncing contact from flickering.
 */
public final class GpioContact implements Sensor {
    private final SensorInfo info;
    private final GpioLine line;
    private final boolean activeHigh;

    GpioContact(SensorInfo info, GpioLine line, boolean activeHigh) {
        this.info = info;
        this.line = line;
        this.activeHigh = activeHigh;
        Logger.info("{}: contact on line {}, active {}", info.id(), line.offset(), activeHigh ? "high" : "low");
    }

    @Override
    public SensorInfo info() {
        return info;
    }

    @Override
    public Measurement fetch() throws DeviceException {
        boolean closed = line.isHigh() == activeHigh;
        return new Measurement(Map.of(Channel.CONTACT, closed ? 1.0 : 0.0));
    }

    @Override
    public void close() {
        try {
            line.close();
        } catch (Exception e) {
            Logger.debug("{}: closing line {}: {}", info.id(), line.offset(), e.toString());
        }
    }
}
