// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.desired;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fieldnode.protocol.Intervals;

/**
 * One version of the configuration the collector wants a node to run (the node's twin): every entry is a
 * canonical {@code key=value} pair checked by {@link DesiredConfigCodec#canonical}. The set is whole, not a
 * delta: a key that is absent means "the profile's own value".
 *
 * @param version 1 or more; a later {@code config set} on the collector has a higher one
 * @param entries key to canonical value, sorted by key, at most {@link DesiredConfigCodec#MAX_ENTRIES}
 */
public record DesiredConfig(long version, SortedMap<String, String> entries) {
    public DesiredConfig {
        if (version < 1 || version > DesiredConfigCodec.MAX_VERSION) {
            throw new IllegalArgumentException(
                    "version must be 1.." + DesiredConfigCodec.MAX_VERSION + ", got " + version);
        }
        Objects.requireNonNull(entries, "entries");
        if (entries.size() > DesiredConfigCodec.MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "at most " + DesiredConfigCodec.MAX_ENTRIES + " entries, got " + entries.size());
        }
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** The sampling interval wanted for {@code sensor} ({@code interval.<sensor>}). */
    public Optional<Duration> interval(String sensor) {
        return Optional.ofNullable(entries.get(DesiredConfigCodec.INTERVAL + sensor))
                .map(Intervals::parse);
    }

    /** The deadband step wanted for one quantity of {@code sensor} ({@code deadband.<sensor>.<quantity>}). */
    public OptionalDouble deadband(String sensor, String quantity) {
        String step = entries.get(DesiredConfigCodec.DEADBAND + sensor + "." + quantity);
        return step == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(step));
    }

    /** The release the node should run ({@code update.sequence}), issue 16. */
    public java.util.OptionalLong updateSequence() {
        String sequence = entries.get(DesiredConfigCodec.UPDATE_SEQUENCE);
        return sequence == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Long.parseLong(sequence));
    }

    /** The queue's fsync policy ({@code queue.fsync}): {@code per-record}, {@code per-batch} or {@code interval:5s}. */
    public Optional<String> queueFsync() {
        return Optional.ofNullable(entries.get(DesiredConfigCodec.QUEUE_FSYNC));
    }
}
