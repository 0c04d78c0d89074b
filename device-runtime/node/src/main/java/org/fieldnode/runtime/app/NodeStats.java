// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.util.List;

/**
 * A node's counters, as printed in summary lines.
 *
 * @param sampled readings produced by the sensors
 * @param sent readings handed to the transport at least once
 * @param acknowledged readings the collector confirmed
 * @param rejected readings in batches the collector refused
 * @param attempts batch sends, retries included
 * @param queued readings waiting now
 * @param dropped readings dropped because the queue was full
 * @param failingSensors ids of sensors failing now
 */
public record NodeStats(
        long sampled,
        long sent,
        long acknowledged,
        long rejected,
        long attempts,
        long queued,
        long dropped,
        List<String> failingSensors) {
    public NodeStats {
        failingSensors = List.copyOf(failingSensors);
    }

    /** {@code sampled=N sent=N acknowledged=N …}, for scripts. */
    public String keyValues() {
        return "sampled=%d sent=%d acknowledged=%d rejected=%d attempts=%d queued=%d dropped=%d"
                .formatted(sampled, sent, acknowledged, rejected, attempts, queued, dropped);
    }
}
