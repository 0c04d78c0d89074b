// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * SECURITY R38 and issue 20: the delivery back-off doubles, but a wait is never longer than the current step and never
 * longer than the cap (5 minutes on a node), so a collector back after an outage is tried within one step; and it is
 * spread over the upper half of the step, so nodes that failed together do not retry together.
 */
class RetryWaitProperties {
    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Property
    void wait_liesInTheUpperHalfOfTheStep_andNeverBeyondTheCap(
            @ForAll @IntRange(min = 1, max = 10_000) int failures, @ForAll long seed) {
        long step = Math.min(MAX.toMillis(), FIRST.toMillis() << Math.min(failures - 1, 20));

        Duration wait = DeliveryLoop.retryWait(failures, FIRST, MAX, new Random(seed));

        assertThat(wait.toMillis()).isBetween(step / 2, step);
        assertThat(wait).isLessThanOrEqualTo(MAX);
    }

    @Property(tries = 20)
    void manyNodes_spreadTheirRetriesOverHalfAStep(@ForAll @IntRange(min = 1, max = 12) int failures) {
        Random random = new Random(failures);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int node = 0; node < 1000; node++) {
            long wait = DeliveryLoop.retryWait(failures, FIRST, MAX, random).toMillis();
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }
        long step = Math.min(MAX.toMillis(), FIRST.toMillis() << (failures - 1));

        assertThat(max - min).isGreaterThan(step * 4 / 10);
    }
}
