// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.replay;

import java.util.Map;
import org.fieldnode.drivers.api.BusException;
import org.fieldnode.drivers.bus.IioDevice;

/** An IIO device whose attributes come from a capture; an attribute the capture lacks is a permanent fault. */
final class CapturedIioDevice implements IioDevice {
    private final String name;
    private final Map<String, String> attributes;
    private final String sensorId;

    CapturedIioDevice(String name, Map<String, String> attributes, String sensorId) {
        this.name = name;
        this.attributes = Map.copyOf(attributes);
        this.sensorId = sensorId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String read(String attribute) throws BusException {
        String value = attributes.get(attribute);
        if (value == null) {
            throw new BusException(
                    sensorId,
                    "%s is missing from the capture (has %s)".formatted(attribute, attributes.keySet()),
                    false);
        }
        return value;
    }

    @Override
    public void close() {}
}
