// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CadenceTest {
    private static final long S = 1_000_000_000L;

    @Test
    void alignedAfter_isTheNextEpochMultiple_strictlyAfter() {
        Instant t = Instant.parse("2025-06-01T10:02:17.250Z");
        assertThat(Cadence.alignedAfter(t, Duration.ofMinutes(5))).isEqualTo(Instant.parse("2025-06-01T10:05:00Z"));
        assertThat(Cadence.alignedAfter(t, Duration.ofDays(1))).isEqualTo(Instant.parse("2025-06-02T00:00:00Z"));
        assertThat(Cadence.alignedAfter(Instant.parse("2025-06-01T10:05:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("2025-06-01T10:10:00Z"));
    }

    @Test
    void aWallClockSlewedBackALittle_neverSamplesTheSameSlotTwice() {
        Cadence cadence = new Cadence(Duration.ofMinutes(5));
        long first = cadence.next(0, Instant.parse("2025-06-01T10:04:00Z"), true);
        assertThat(first).isEqualTo(60 * S);
        // At the 10:05 sample the wall clock reads 10:04:59.9 (slewed): the next slot is 10:10, not 10:05 again.
        long second = cadence.next(first, Instant.parse("2025-06-01T10:04:59.900Z"), true);
        assertThat(second - first).isEqualTo(300 * S + 100_000_000L);
    }

    @Test
    void aWallClockSteppedBackByMoreThanAnInterval_startsANewTimeLine() {
        Cadence cadence = new Cadence(Duration.ofMinutes(5));
        long first = cadence.next(0, Instant.parse("2025-06-01T10:04:00Z"), true);
        // NTP steps the clock back an hour: sample at 09:10, not after an hour of silence.
        long second = cadence.next(first, Instant.parse("2025-06-01T09:05:00Z"), true);
        assertThat(second - first).isEqualTo(300 * S);
    }

    @Test
    void untrusted_skipsSlotsAlreadyPassed_ratherThanSamplingInABurst() {
        Cadence cadence = new Cadence(Duration.ofSeconds(10));
        assertThat(cadence.next(0, Instant.EPOCH, false)).isEqualTo(10 * S);
        // The node was suspended from 10 s to 35 s: next nominal slot is 40 s, on the same grid.
        assertThat(cadence.next(35 * S, Instant.EPOCH, false)).isEqualTo(40 * S);
        assertThat(cadence.next(40 * S, Instant.EPOCH, false)).isEqualTo(50 * S);
    }
}
