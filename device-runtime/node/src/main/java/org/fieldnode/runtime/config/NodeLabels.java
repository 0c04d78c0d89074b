// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The profile's {@code node:} section: site-specific labels an integrator gives one device, usually in its overlay
 * file. They stay on the node (logs, {@code status}, {@code doctor}); readings are named by the opaque node id only
 * (SECURITY R1, R22). The location leaves the node only when the profile says so ({@code share-location: true}):
 * then the health report carries it as {@code health/place}, for the collector's page.
 *
 * @param name a short label such as {@code weather-07}
 * @param location a place label such as {@code north-field, mast 2}
 * @param shareLocation whether the health report carries {@code location} to the collector
 */
public record NodeLabels(Optional<String> name, Optional<String> location, boolean shareLocation) {
    /** Labels that stay on the node. */
    public NodeLabels(Optional<String> name, Optional<String> location) {
        this(name, location, false);
    }

    public NodeLabels {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    /** The place the health report carries: the location when the profile shares it. */
    public Optional<String> sharedPlace() {
        return shareLocation ? location : Optional.empty();
    }

    public static NodeLabels none() {
        return new NodeLabels(Optional.empty(), Optional.empty());
    }
}
