// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Values a sensor produced in one fetch, each in its channel's canonical unit. A channel the chip lacks is
 * absent, not an error. Timestamps are added by the sampler, never by drivers.
 */
public record Measurement(Map<Channel, Double> values) {
    public Measurement {
        for (Map.Entry<Channel, Double> e : values.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException(e.getKey() + " is not a finite number: " + e.getValue());
            }
        }
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
    }

    /** The value of {@code channel}, or empty when this fetch did not produce it. */
    public OptionalDouble get(Channel channel) {
        Double v = values.get(channel);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
