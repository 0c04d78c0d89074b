// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.util.Locale;

/** Why a node is DEGRADED (SECURITY R31). */
public enum DegradedReason {
    /** Renewal is due (past 2/3 of the lifetime) and has not succeeded yet. */
    CERTIFICATE_EXPIRING,
    /** The certificate expired; the node cannot report until re-provisioned. */
    CERTIFICATE_EXPIRED,
    /** First enrolment keeps failing. */
    ENROLMENT_FAILING,
    /**
     * The collector refused the provisioning bundle (used, revoked, expired, replaced, or its name is held by another
     * node): the node needs a new bundle.
     */
    BUNDLE_REFUSED,
    /** The server refused the node's credential more than once. */
    REPEATED_AUTH_FAILURES,
    /** The wall clock is not trusted, so certificate validity cannot be judged (R32). */
    CLOCK_UNSYNCHRONISED,
    /** The keystore or queue storage is nearly full. */
    STORAGE_NEARLY_FULL,
    /** A start-up self-test failed. */
    SELF_TEST_FAILED;

    /** Lower-case, hyphenated: {@code certificate-expiring}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
