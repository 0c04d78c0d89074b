// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** SECURITY R6, R38: exponential backoff with jitter, bounded. */
class BackoffProperties {
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofHours(1);

    @Property
    void delay_liesBetweenHalfTheCeilingAndTheCeiling(
            @ForAll @IntRange(min = 1, max = 1000) int failures, @ForAll long seed) {
        Backoff backoff = new Backoff(BASE, MAX, new Random(seed));
        Duration ceiling = backoff.ceiling(failures);

        assertThat(backoff.delay(failures)).isBetween(ceiling.dividedBy(2), ceiling);
    }

    @Property
    void ceiling_doublesUntilTheMaximum(@ForAll @IntRange(min = 1, max = 1000) int failures) {
        Backoff backoff = new Backoff(BASE, MAX, new Random(1));
        Duration ceiling = backoff.ceiling(failures);
        Duration next = backoff.ceiling(failures + 1);

        assertThat(ceiling).isLessThanOrEqualTo(MAX).isGreaterThanOrEqualTo(BASE);
        assertThat(next).isEqualTo(ceiling.multipliedBy(2).compareTo(MAX) < 0 ? ceiling.multipliedBy(2) : MAX);
    }
}
