// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import java.util.List;

/**
 * Readings that travel, and are acknowledged, together. The queue numbers every reading once, when it is
 * appended, and a batch is always a run of consecutive readings, so reading {@code i} of the batch has sequence
 * number {@code sequence + i}. The collector stores each (node, reading sequence) once, however the readings are
 * batched and however often they are sent.
 *
 * @param sequence the sequence number of the first reading
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
