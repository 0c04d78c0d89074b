// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.time.Instant;

/**
 * Whether the wall clock may be used to judge certificate validity (SECURITY R32). A node may boot without RTC or
 * network at 1970; then BOOTSTRAP waits instead of accepting or refusing certificates on a wrong date.
 */
@FunctionalInterface
public interface ClockTrust {
    boolean trusted(Instant now);

    /**
     * Trusts the clock once it is not before {@code floor} — the bundle's {@code issued} time or the build time —
     * a minimal, always-available check; the runtime can combine it with the OS's NTP-synchronised flag.
     */
    static ClockTrust notBefore(Instant floor) {
        return now -> !now.isBefore(floor);
    }
}
