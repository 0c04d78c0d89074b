// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.drivers.api.SensorNode;
import org.fieldnode.runtime.pipeline.PipelineSpec;

/**
 * One sensor of the profile, devicetree style.
 *
 * @param interval how often it is sampled
 * @param enabled {@code status: okay} (default) or {@code disabled}
 * @param pipeline the stages its readings pass before they are queued ({@code pipeline:}), in order
 * @param personal the personal channels its driver declares that the profile keeps ({@code personal:}, SECURITY
 *     R21); the driver's other personal channels are dropped when sampled
 */
public record SensorConfig(
        String id,
        String compatible,
        String bus,
        int address,
        Duration interval,
        boolean enabled,
        Map<String, String> properties,
        PipelineSpec pipeline,
        Set<Channel> personal) {
    public SensorConfig {
        properties = Map.copyOf(properties);
        personal = Set.copyOf(personal);
    }

    /** A sensor that keeps none of its personal channels. */
    public SensorConfig(
            String id,
            String compatible,
            String bus,
            int address,
            Duration interval,
            boolean enabled,
            Map<String, String> properties,
            PipelineSpec pipeline) {
        this(id, compatible, bus, address, interval, enabled, properties, pipeline, Set.of());
    }

    /** A sensor whose readings pass unchanged. */
    public SensorConfig(
            String id,
            String compatible,
            String bus,
            int address,
            Duration interval,
            boolean enabled,
            Map<String, String> properties) {
        this(id, compatible, bus, address, interval, enabled, properties, PipelineSpec.none(), Set.of());
    }

    /** The hardware description a driver factory binds. */
    public SensorNode toNode() {
        return new SensorNode(id, compatible, bus, address, properties);
    }
}
