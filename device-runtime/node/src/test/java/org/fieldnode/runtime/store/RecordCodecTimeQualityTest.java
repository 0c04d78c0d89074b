// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.junit.jupiter.api.Test;

class RecordCodecTimeQualityTest {
    @Test
    void timeQuality_survivesTheQueueRecord() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:07Z");
        List<Reading> readings = List.of(
                new Reading("env0", Channel.AMBIENT_TEMPERATURE, 20.5, 7, t, TimeQuality.UNSYNCED),
                new Reading("env0", Channel.PRESSURE, 100_812, 7, t, TimeQuality.SYNCED),
                new Reading("rain0", Channel.RAIN, 0.2, 9, t.plusMillis(3), TimeQuality.UNSYNCED));

        RecordCodec.Decoded decoded = RecordCodec.decode(RecordCodec.encode(readings, 40, 40), 40);

        assertThat(decoded.readings()).isEqualTo(readings);
    }

    /** Value kind 3: a health text (version, profile, place) is kept as UTF-8 and comes back unchanged. */
    @Test
    void healthTexts_surviveTheQueueRecord() throws Exception {
        Instant t = Instant.parse("2026-12-07T10:00:00Z");
        List<Reading> readings = List.of(
                new Reading("health", Channel.QUEUED, 3, 1, t, TimeQuality.SYNCED),
                Reading.text("health", Channel.PLACE, "Brunnen 3, Nordfeld (ä)", 1, t, TimeQuality.UNSYNCED),
                Reading.text("health", Channel.SOFTWARE, "0.9.0", 1, t, TimeQuality.SYNCED));

        RecordCodec.Decoded decoded = RecordCodec.decode(RecordCodec.encode(readings, 5, 0), 0);

        assertThat(decoded.readings()).isEqualTo(readings);
    }
}
