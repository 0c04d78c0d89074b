// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SECURITY R29, R40: events a peer can provoke are recorded rate-limited, with a count of those held back. */
class RateLimitedEventLogTest {
    private long now;

    private static SecurityEvent event(SecurityEventCode code, String detail) {
        return new SecurityEvent(Instant.EPOCH, TimeQuality.SYNCHRONISED, "-", code, detail);
    }

    @Test
    void aFloodOfOneCode_passesABurstPerWindow_thenSaysHowManyWereHeldBack() {
        List<SecurityEvent> recorded = new ArrayList<>();
        RateLimitedEventLog log = new RateLimitedEventLog(
                recorded::add, Set.of(SecurityEventCode.AUTHENTICATION_FAILED), 3, Duration.ofSeconds(60), () -> now);

        for (int i = 0; i < 100; i++) {
            log.record(event(SecurityEventCode.AUTHENTICATION_FAILED, "unknown identity " + i));
        }
        assertThat(recorded)
                .extracting(SecurityEvent::detail)
                .containsExactly("unknown identity 0", "unknown identity 1", "unknown identity 2");

        now += Duration.ofSeconds(61).toNanos();
        log.record(event(SecurityEventCode.AUTHENTICATION_FAILED, "unknown identity 100"));

        assertThat(recorded).hasSize(4);
        assertThat(recorded.get(3).detail()).isEqualTo("unknown identity 100 (97 more not recorded in the last 60 s)");
    }

    @Test
    void otherCodes_alwaysPass() {
        List<SecurityEvent> recorded = new ArrayList<>();
        RateLimitedEventLog log = new RateLimitedEventLog(
                recorded::add, Set.of(SecurityEventCode.AUTHENTICATION_FAILED), 1, Duration.ofSeconds(60), () -> now);

        for (int i = 0; i < 20; i++) {
            log.record(event(SecurityEventCode.ENROLLED, "node " + i));
        }

        assertThat(recorded).hasSize(20);
    }
}
