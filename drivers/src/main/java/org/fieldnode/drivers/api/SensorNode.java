// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.util.Map;
import java.util.Objects;

/**
 * One sensor as the hardware profile describes it, devicetree style: {@code id}, {@code compatible}
 * ({@code "vendor,part"}), the bus name it hangs on, its address on that bus ({@code reg}) and driver-specific
 * properties as strings.
 */
public record SensorNode(String id, String compatible, String bus, int address, Map<String, String> properties) {
    public SensorNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(compatible, "compatible");
        Objects.requireNonNull(bus, "bus");
        properties = Map.copyOf(properties);
    }
}
