// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.util.List;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.senml.SenmlRecord;

/** Maps a batch to resolved SenML records: {@code urn:dev:ops:<nodeId>:<sensor>/<quantity>}, SI unit, time. */
final class BatchPack {
    private BatchPack() {}

    /** @throws IllegalArgumentException when a reading cannot be a SenML record (name characters, time range) */
    static List<SenmlRecord> records(String baseName, Batch batch) {
        return batch.readings().stream()
                .map(reading -> record(baseName, reading))
                .toList();
    }

    private static SenmlRecord record(String baseName, Reading reading) {
        return new SenmlRecord(
                baseName + reading.seriesName(),
                reading.channel().unit().senml(),
                reading.value(),
                reading.observedAt(),
                reading.timeQuality() == TimeQuality.UNSYNCED);
    }
}
