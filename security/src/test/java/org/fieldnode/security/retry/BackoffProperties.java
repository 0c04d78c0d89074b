// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * SECURITY R6, R38: exponential back-off with jitter, bounded. With enrolment's parameters (30 s to 1 h here) and with
 * delivery's (issue 20): the step doubles, but a wait is never longer than the current step and never longer than the
 * cap (5 minutes on a node), so a collector back after an outage is tried within one step; and it is spread over the
 * upper half of the step, so nodes that failed together do not retry together.
 */
class BackoffProperties {
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofHours(1);

    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration NODE_MAX = Duration.ofMinutes(5);

    @Property
    void delay_liesBetweenHalfTheCeilingAndTheCeiling(
            @ForAll @IntRange(min = 1, max = 1000) int failures, @ForAll long seed) {
        Backoff backoff = new Backoff(BASE, MAX);
        Duration ceiling = backoff.step(failures);

        assertThat(backoff.delay(failures, new Random(seed))).isBetween(ceiling.dividedBy(2), ceiling);
    }

    @Property
    void ceiling_doublesUntilTheMaximum(@ForAll @IntRange(min = 1, max = 1000) int failures) {
        Backoff backoff = new Backoff(BASE, MAX);
        Duration ceiling = backoff.step(failures);
        Duration next = backoff.step(failures + 1);

        assertThat(ceiling).isLessThanOrEqualTo(MAX).isGreaterThanOrEqualTo(BASE);
        assertThat(next).isEqualTo(ceiling.multipliedBy(2).compareTo(MAX) < 0 ? ceiling.multipliedBy(2) : MAX);
    }

    @Property
    void wait_liesInTheUpperHalfOfTheStep_andNeverBeyondTheCap(
            @ForAll @IntRange(min = 1, max = 10_000) int failures, @ForAll long seed) {
        long step = Math.min(NODE_MAX.toMillis(), FIRST.toMillis() << Math.min(failures - 1, 20));

        Duration wait = new Backoff(FIRST, NODE_MAX).delay(failures, new Random(seed));

        assertThat(wait.toMillis()).isBetween(step / 2, step);
        assertThat(wait).isLessThanOrEqualTo(NODE_MAX);
    }

    @Property(tries = 20)
    void manyNodes_spreadTheirRetriesOverHalfAStep(@ForAll @IntRange(min = 1, max = 12) int failures) {
        Backoff backoff = new Backoff(FIRST, NODE_MAX);
        Random random = new Random(failures);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int node = 0; node < 1000; node++) {
            long wait = backoff.delay(failures, random).toMillis();
            min = Math.min(min, wait);
            max = Math.max(max, wait);
        }
        long step = Math.min(NODE_MAX.toMillis(), FIRST.toMillis() << (failures - 1));

        assertThat(max - min).isGreaterThan(step * 4 / 10);
    }

    /** No count of failures, however odd, leaves [first, cap]: 0 and negative counts act as the first failure. */
    @Property
    void step_staysWithinFirstAndCap_forAnyCount(@ForAll int failures) {
        Backoff backoff = new Backoff(FIRST, NODE_MAX);

        assertThat(backoff.step(failures)).isBetween(FIRST, NODE_MAX);
        if (failures <= 1) {
            assertThat(backoff.step(failures)).isEqualTo(FIRST);
        }
    }

    /** The exact steps a failed sensor is re-opened after (1 s doubling to 10 min, no jitter). */
    @Example
    void step_withoutJitter_isTheDoublingSeries() {
        Backoff reopen = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10));

        assertThat(IntStream.rangeClosed(1, 12)
                        .mapToObj(n -> reopen.step(n).toSeconds())
                        .toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L, 600L);
    }

    @Example
    void delivery_isTwoSecondsDoublingToFiveMinutes() {
        assertThat(Backoff.DELIVERY).isEqualTo(new Backoff(FIRST, NODE_MAX));
    }

    @Example
    void aFirstStepOfZeroOrBeyondTheCap_isRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, NODE_MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < first");
        assertThatThrownBy(() -> new Backoff(NODE_MAX.plusSeconds(1), NODE_MAX))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
