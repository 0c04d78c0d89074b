// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import java.util.List;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * Readings that travel, and are acknowledged, together.
 *
 * @param sequence the node's sequence number of this batch, increasing; the collector ingests each once
 */
public record Batch(long sequence, List<Reading> readings) {
    public Batch {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        if (readings.isEmpty()) {
            throw new IllegalArgumentException("a batch carries at least one reading");
        }
        readings = List.copyOf(readings);
    }
}
