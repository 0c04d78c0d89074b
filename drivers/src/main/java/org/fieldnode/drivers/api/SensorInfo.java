// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.drivers.api;

import java.util.Objects;
import java.util.Set;

/**
 * What a bound sensor is: its profile id (e.g. {@code env0}), its {@code "vendor,part"} compatible string and
 * the channels it produces.
 */
public record SensorInfo(String id, String compatible, Set<Channel> channels) {
    public SensorInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(compatible, "compatible");
        channels = Set.copyOf(channels);
    }
}
