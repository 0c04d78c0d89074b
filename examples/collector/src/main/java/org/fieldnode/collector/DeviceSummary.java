// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the collector knows of one device. The health figures come from the node's own {@code health/...}
 * readings (see {@link HealthNames}) and are empty until a node sends them.
 *
 * @param device the node's authenticated identity
 * @param firstSeen when the collector first stored a batch of it
 * @param lastSeen when the collector last received a batch of it (new or retransmitted)
 * @param nodeState the state the node last reported ({@code ok}, {@code degraded}, {@code bootstrap}), if any
 * @param queueDepth readings waiting in the node's queue when it last reported its health
 * @param dropped readings the node has dropped since its queue was created (queue full)
 * @param battery the last battery reading, in {@code batteryUnit}
 * @param batteryUnit the SenML unit of {@code battery} ({@code V} or {@code %EL}), {@code ""} when unknown
 */
public record DeviceSummary(
        String device,
        Instant firstSeen,
        Instant lastSeen,
        Optional<String> nodeState,
        OptionalLong queueDepth,
        OptionalLong dropped,
        OptionalDouble battery,
        String batteryUnit) {
    /** How long a device may stay quiet before it counts as {@code silent}. */
    public static final Duration SILENCE = Duration.ofMinutes(15);

    public DeviceSummary {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(nodeState, "nodeState");
        Objects.requireNonNull(queueDepth, "queueDepth");
        Objects.requireNonNull(dropped, "dropped");
        Objects.requireNonNull(battery, "battery");
        Objects.requireNonNull(batteryUnit, "batteryUnit");
    }

    /**
     * The collector's view of the device at {@code now}: {@code active} when it was heard within {@link #SILENCE},
     * else {@code silent}.
     */
    public String liveness(Instant now) {
        return liveness(now, SILENCE);
    }

    /** {@code silent} once the device was quiet longer than {@code silence}, else {@code active}. */
    public String liveness(Instant now, Duration silence) {
        return lastSeen.plus(silence).isBefore(now) ? "silent" : "active";
    }

    /** The state shown to people: the node's own state when it reported one, else the {@link #liveness}. */
    public String state(Instant now) {
        return state(now, SILENCE);
    }

    /** {@link #state(Instant)} for a device that may be quiet for {@code silence} (e.g. its report interval). */
    public String state(Instant now, Duration silence) {
        String alive = liveness(now, silence);
        return nodeState.map(s -> alive.equals("silent") ? "silent" : s).orElse(alive);
    }
}
