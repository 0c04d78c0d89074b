// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void delivery_doublesFromTwoSecondsToFiveMinutes_withEqualJitter() {
        Random random = new Random(7);
        for (int failures = 1; failures <= 20; failures++) {
            long step = Math.min(2_000L << Math.min(failures - 1, 20), 300_000L);
            for (int i = 0; i < 50; i++) {
                long wait = RetrySchedule.DELIVERY.wait(failures, random).toMillis();
                assertThat(wait).as("failures=%d", failures).isBetween(step / 2, step);
            }
        }
        assertThat(RetrySchedule.DELIVERY.max()).isEqualTo(Duration.ofMinutes(5));
    }
}
