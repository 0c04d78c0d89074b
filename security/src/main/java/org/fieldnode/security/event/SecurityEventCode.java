// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

/**
 * Fixed codes of security events (SECURITY R29, in the spirit of ITU-T X.1367's coded error log). A code never
 * changes meaning once released; new events get new codes. 1xxx enrolment and identity, 2xxx trust, 3xxx
 * authentication, 4xxx device state and data integrity. The node and the collector record with the same codes.
 */
public enum SecurityEventCode {
    ENROLMENT_STARTED("FN-SEC-1001", Severity.INFO),
    ENROLLED("FN-SEC-1002", Severity.INFO),
    ENROLMENT_FAILED("FN-SEC-1003", Severity.WARNING),
    RENEWAL_STARTED("FN-SEC-1011", Severity.INFO),
    RENEWED("FN-SEC-1012", Severity.INFO),
    RENEWAL_FAILED("FN-SEC-1013", Severity.WARNING),
    CERTIFICATE_EXPIRED("FN-SEC-1021", Severity.ERROR),
    ENROLMENT_CREDENTIAL_DELETED("FN-SEC-1031", Severity.INFO),
    BUNDLE_IMPORTED("FN-SEC-1041", Severity.INFO),
    /** The collector issued a provisioning bundle (a new one-time enrolment credential). */
    BUNDLE_ISSUED("FN-SEC-1042", Severity.INFO),
    /** The collector revoked a node or the unused credentials of a device (SECURITY R17). */
    REVOKED("FN-SEC-1051", Severity.WARNING),
    TRUST_ANCHOR_CHANGED("FN-SEC-2001", Severity.INFO),
    CERTIFICATE_REJECTED("FN-SEC-2002", Severity.WARNING),
    /** A node refused an update: bad signature, unknown key, lower sequence, wrong digest... (SECURITY R24). */
    UPDATE_REFUSED("FN-SEC-2011", Severity.WARNING),
    /** A signed release introduced the next update key and the node now trusts it alone (key rotation). */
    UPDATE_KEY_ROTATED("FN-SEC-2012", Severity.INFO),
    AUTHENTICATION_FAILED("FN-SEC-3001", Severity.WARNING),
    /**
     * A name asked for (bundle, enrolment, renewal, PSK registration) is held by another credential of the one
     * identity namespace (SECURITY R8); refused.
     */
    IDENTITY_CONFLICT("FN-SEC-3002", Severity.WARNING),
    /** A credential held more DTLS sessions than allowed; the oldest were ended (SECURITY R40). */
    SESSION_LIMIT("FN-SEC-3003", Severity.WARNING),
    CLOCK_UNTRUSTED("FN-SEC-4001", Severity.WARNING),
    FACTORY_RESET("FN-SEC-4002", Severity.WARNING),
    INTEGRITY_FAILURE("FN-SEC-4003", Severity.ERROR),
    /** A node's desired configuration was changed on the collector. */
    CONFIG_CHANGED("FN-SEC-4004", Severity.INFO),
    /**
     * Readings arrived again under sequence numbers already stored, with other content: refused, never acknowledged
     * as stored (SECURITY R28).
     */
    SEQUENCE_CONFLICT("FN-SEC-4005", Severity.ERROR),
    /** A node runs a new release that passed its health check (SECURITY R25). */
    UPDATE_APPLIED("FN-SEC-4011", Severity.INFO),
    /** A new release failed its trial and the node went back to the previous one (SECURITY R25). */
    UPDATE_ROLLED_BACK("FN-SEC-4012", Severity.WARNING);

    private final String code;
    private final Severity severity;

    SecurityEventCode(String code, Severity severity) {
        this.code = code;
        this.severity = severity;
    }

    /** The fixed code, e.g. {@code FN-SEC-1002}. */
    public String code() {
        return code;
    }

    /** The severity this event is recorded with. */
    public Severity severity() {
        return severity;
    }

    /** Event severity: info = lifecycle, warning = degraded, error = an operator must act. */
    public enum Severity {
        INFO,
        WARNING,
        ERROR
    }
}
