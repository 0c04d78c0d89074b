// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

/**
 * Fixed codes of security events (SECURITY R29, in the spirit of ITU-T X.1367's coded error log). A code never
 * changes meaning once released; new events get new codes. 1xxx enrolment and identity, 2xxx trust, 3xxx
 * authentication, 4xxx device state.
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
    TRUST_ANCHOR_CHANGED("FN-SEC-2001", Severity.INFO),
    CERTIFICATE_REJECTED("FN-SEC-2002", Severity.WARNING),
    AUTHENTICATION_FAILED("FN-SEC-3001", Severity.WARNING),
    CLOCK_UNTRUSTED("FN-SEC-4001", Severity.WARNING),
    FACTORY_RESET("FN-SEC-4002", Severity.WARNING),
    INTEGRITY_FAILURE("FN-SEC-4003", Severity.ERROR);

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
