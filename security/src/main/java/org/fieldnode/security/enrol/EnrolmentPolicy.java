// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.time.Duration;
import org.fieldnode.security.retry.Backoff;

/**
 * Timings of the enrolment state machine.
 *
 * <p>Retries after a failure follow {@link Backoff} (SECURITY R38) from {@code backoffBase} doubling to {@code
 * backoffMax}, each wait jittered over the upper half of the step.
 *
 * @param backoffBase first retry ceiling after a failure
 * @param backoffMax largest retry ceiling
 * @param idleRecheck how long to wait when there is nothing to do yet (no bundle, untrusted clock)
 * @param maxSleep longest delay {@link Enrolment#step()} returns, so clock jumps are noticed
 * @param maxRetryAfter largest Max-Age honoured from a 5.03 (a peer must not park the node forever)
 * @param authFailuresForDegraded consecutive refusals (4.xx) after which REPEATED_AUTH_FAILURES is raised
 */
public record EnrolmentPolicy(
        Duration backoffBase,
        Duration backoffMax,
        Duration idleRecheck,
        Duration maxSleep,
        Duration maxRetryAfter,
        int authFailuresForDegraded) {
    /** Lifetime the collector's CA gives node certificates by default (SECURITY R17). */
    public static final Duration DEFAULT_CERTIFICATE_LIFETIME = Duration.ofDays(90);

    /**
     * 30 s doubling to 5 min (so a collector back after a power cut is tried again within 5 minutes, as the delivery
     * loop does); idle recheck 1 min; wake at least hourly; honour Max-Age up to 24 h; 3 refusals.
     */
    public static EnrolmentPolicy defaults() {
        return new EnrolmentPolicy(
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Duration.ofHours(24),
                3);
    }

    /**
     * The retry back-off of enrolment and renewal.
     *
     * @throws IllegalArgumentException unless {@code 0 < backoffBase <= backoffMax}
     */
    public Backoff backoff() {
        return new Backoff(backoffBase, backoffMax);
    }
}
