// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;
import java.util.Map;
import org.fieldnode.drivers.api.SensorNode;

/**
 * One sensor of the profile, devicetree style.
 *
 * @param interval how often it is sampled
 * @param enabled {@code status: okay} (default) or {@code disabled}
 */
public record SensorConfig(
        String id,
        String compatible,
        String bus,
        int address,
        Duration interval,
        boolean enabled,
        Map<String, String> properties) {
    public SensorConfig {
        properties = Map.copyOf(properties);
    }

    /** The hardware description a driver factory binds. */
    public SensorNode toNode() {
        return new SensorNode(id, compatible, bus, address, properties);
    }
}
