// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.protocol.desired.DesiredConfig;

/**
 * What the collector knows of one device's configuration.
 *
 * @param desired the latest {@code config set}, empty when none
 * @param desiredAt when it was set
 * @param applied the version the node last said it runs (0 for none), empty when it never said
 * @param rejected the version the node last refused, with {@code reason}
 * @param reportedAt when the node last changed {@code applied} or {@code rejected}
 */
public record ConfigStatus(
        String device,
        Optional<DesiredConfig> desired,
        Optional<Instant> desiredAt,
        OptionalLong applied,
        OptionalLong rejected,
        Optional<String> reason,
        Optional<Instant> reportedAt) {
    /** {@code none}, {@code applied}, {@code rejected} (the latest desired version was refused) or {@code pending}. */
    public String state() {
        if (desired.isEmpty()) {
            return "none";
        }
        long version = desired.get().version();
        if (applied.isPresent() && applied.getAsLong() >= version) {
            return "applied";
        }
        if (rejected.isPresent() && rejected.getAsLong() >= version) {
            return "rejected";
        }
        return "pending";
    }
}
