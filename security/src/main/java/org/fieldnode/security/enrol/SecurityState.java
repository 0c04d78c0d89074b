// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The node's security state (SECURITY R3, R31), as {@code status} and health reports show it: BOOTSTRAP (no
 * identity: sample and queue, send no reading), ENROLLING, OK, RENEWING, or DEGRADED(reasons) whenever any
 * reason holds. Whether readings may be sent is not this value's job: ask {@link Enrolment#usableIdentity()}.
 *
 * @param phase the phase; {@link Phase#DEGRADED} exactly when {@code reasons} is not empty
 */
public record SecurityState(Phase phase, Set<DegradedReason> reasons) {
    /** The phases of the enrolment state machine. */
    public enum Phase {
        BOOTSTRAP,
        ENROLLING,
        OK,
        RENEWING,
        DEGRADED
    }

    public SecurityState {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
        if ((phase == Phase.DEGRADED) != !reasons.isEmpty()) {
            throw new IllegalArgumentException("DEGRADED if and only if there are reasons: " + phase + reasons);
        }
    }

    /** The state for {@code phase}, or DEGRADED when reasons hold. */
    static SecurityState of(Phase phase, Set<DegradedReason> reasons) {
        return new SecurityState(reasons.isEmpty() ? phase : Phase.DEGRADED, reasons);
    }

    /** {@code OK}, {@code BOOTSTRAP}, or {@code DEGRADED(certificate-expiring,enrolment-failing)}. */
    @Override
    public String toString() {
        if (reasons.isEmpty()) {
            return phase.name();
        }
        return "DEGRADED("
                + reasons.stream().sorted().map(DegradedReason::label).collect(Collectors.joining(","))
                + ")";
    }
}
