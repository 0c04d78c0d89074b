// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.junit.jupiter.api.Test;

class TimeCorrectionTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Instant BOOT_CLOCK = Instant.parse("2025-01-01T00:00:00Z"); // fake-hwclock, far off

    private static Reading unsynced(long mono) {
        return new Reading(
                "env0", Channel.AMBIENT_TEMPERATURE, 20, mono, BOOT_CLOCK.plusNanos(mono), TimeQuality.UNSYNCED);
    }

    @Test
    void readingsOfThisRun_getAbsoluteTimesFromTheMonotonicClock() {
        Instant syncedNow = Instant.parse("2026-11-27T10:00:00Z");
        Batch batch = new Batch(10, List.of(unsynced(100 * SECOND), unsynced(160 * SECOND)));

        Batch corrected = TimeCorrection.correct(batch, 0, syncedNow, 200 * SECOND);

        assertThat(corrected.readings())
                .extracting(Reading::observedAt)
                .containsExactly(syncedNow.minusSeconds(100), syncedNow.minusSeconds(40));
        assertThat(corrected.readings()).allMatch(r -> r.timeQuality() == TimeQuality.SYNCED);
        assertThat(corrected.sequence()).isEqualTo(10);
    }

    @Test
    void readingsOfAnEarlierRun_stayMarkedUnsynced() {
        Batch batch = new Batch(10, List.of(unsynced(5 * SECOND), unsynced(6 * SECOND)));

        Batch corrected = TimeCorrection.correct(batch, 11, Instant.parse("2026-11-27T10:00:00Z"), 200 * SECOND);

        assertThat(corrected.readings().get(0).timeQuality()).isEqualTo(TimeQuality.UNSYNCED);
        assertThat(corrected.readings().get(0).observedAt()).isEqualTo(BOOT_CLOCK.plusSeconds(5));
        assertThat(corrected.readings().get(1).timeQuality()).isEqualTo(TimeQuality.SYNCED);
    }

    @Test
    void syncedReadings_areLeftAlone() {
        Batch batch = new Batch(
                0,
                List.of(new Reading(
                        "env0", Channel.AMBIENT_TEMPERATURE, 20, 5, Instant.parse("2026-11-27T09:00:00Z"))));

        assertThat(TimeCorrection.correct(batch, 0, Instant.parse("2026-11-27T10:00:00Z"), 10))
                .isSameAs(batch);
    }
}
