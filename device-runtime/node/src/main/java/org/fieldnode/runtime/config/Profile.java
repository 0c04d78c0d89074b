// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * A hardware profile: the board, its buses, the sensors on them and how readings are reported. Loaded and
 * validated by {@link ProfileLoader}; every instance is consistent (each sensor's bus exists, ids are unique).
 *
 * @param source where it came from (file path or built-in name), for messages
 * @param board the board's compatible ({@code raspberrypi,4b}, see {@link Boards}) or {@code simulated}
 * @param node the site labels of this device ({@code node:}, usually from an overlay file)
 */
public record Profile(
        String source,
        String board,
        Map<String, BusConfig> buses,
        List<SensorConfig> sensors,
        ReportConfig report,
        QueueConfig queue,
        NodeLabels node) {
    public Profile {
        buses = Map.copyOf(buses);
        sensors = List.copyOf(sensors);
        java.util.Objects.requireNonNull(node, "node");
    }

    /** A profile without site labels. */
    public Profile(
            String source,
            String board,
            Map<String, BusConfig> buses,
            List<SensorConfig> sensors,
            ReportConfig report,
            QueueConfig queue) {
        this(source, board, buses, sensors, report, queue, NodeLabels.none());
    }

    /** The same profile with {@code replaced} sensors (e.g. a desired configuration's intervals applied). */
    public Profile withSensors(List<SensorConfig> replaced) {
        return new Profile(source, board, buses, replaced, report, queue, node);
    }

    /** The same profile reporting as {@code replaced} says (the demo's LwM2M variant). */
    public Profile withReport(ReportConfig replaced) {
        return new Profile(source, board, buses, sensors, replaced, queue, node);
    }

    /** The sensors whose {@code status} is {@code okay}. */
    public List<SensorConfig> enabledSensors() {
        return sensors.stream().filter(SensorConfig::enabled).toList();
    }
}
