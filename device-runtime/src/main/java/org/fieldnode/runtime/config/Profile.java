// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * A hardware profile: the board, its buses, the sensors on them and how readings are reported. Loaded and
 * validated by {@link ProfileLoader}; every instance is consistent (each sensor's bus exists, ids are unique).
 *
 * @param source where it came from (file path or built-in name), for messages
 */
public record Profile(
        String source,
        String board,
        Map<String, BusConfig> buses,
        List<SensorConfig> sensors,
        ReportConfig report,
        QueueConfig queue) {
    public Profile {
        buses = Map.copyOf(buses);
        sensors = List.copyOf(sensors);
    }

    /** The sensors whose {@code status} is {@code okay}. */
    public List<SensorConfig> enabledSensors() {
        return sensors.stream().filter(SensorConfig::enabled).toList();
    }
}
