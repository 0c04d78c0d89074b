// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The profile's {@code node:} section: site-specific labels an integrator gives one device, usually in its overlay
 * file. They stay on the node (logs, {@code status}, {@code doctor}); readings are named by the opaque node id only
 * (SECURITY R1, R22).
 *
 * @param name a short label such as {@code weather-07}
 * @param location a place label such as {@code north-field, mast 2}
 */
public record NodeLabels(Optional<String> name, Optional<String> location) {
    public NodeLabels {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    public static NodeLabels none() {
        return new NodeLabels(Optional.empty(), Optional.empty());
    }
}
