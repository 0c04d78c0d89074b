// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A certificate, chain or CA set was refused. {@link #reason()} is the machine-readable cause; the message is one
 * line naming the reason and the certificate (subject, fingerprint), never a key (SECURITY R11).
 */
public final class CertificateRejectedException extends GeneralSecurityException {
    private final Rejection reason;

    public CertificateRejectedException(Rejection reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Rejection reason() {
        return reason;
    }
}
