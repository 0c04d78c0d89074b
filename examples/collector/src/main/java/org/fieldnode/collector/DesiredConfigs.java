// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.fieldnode.protocol.desired.DesiredConfig;

/**
 * The desired configuration of each device (its twin) and what the device last said about it. The wire format
 * and the exchange rules are in {@link org.fieldnode.protocol.desired.DesiredConfigCodec}; {@code
 * sqlite.SqliteDesiredConfigs} keeps them next to the readings. Implementations are thread-safe.
 */
public interface DesiredConfigs {
    /**
     * Changes the desired set of {@code device}: entries with a value are set (already canonical, see {@link
     * org.fieldnode.protocol.desired.DesiredConfigCodec#canonical}), entries with an empty value are removed;
     * the others stay. The version becomes one more than any version the device has or has reported.
     *
     * @return the new desired configuration
     * @throws IllegalArgumentException when the result has too many entries or would not fit one datagram
     */
    DesiredConfig set(String device, Map<String, String> changes, Instant at) throws StoreException;

    /**
     * Records what a node said in a report it just had acknowledged, and gives the desired configuration to send
     * back in the acknowledgement when it is newer than both the version the node runs and the version it last
     * refused.
     */
    Optional<DesiredConfig> exchange(String device, ConfigReport report, Instant at) throws StoreException;

    /** What the collector knows of {@code device}'s configuration; empty when nothing was set or reported. */
    Optional<ConfigStatus> status(String device) throws StoreException;
}
