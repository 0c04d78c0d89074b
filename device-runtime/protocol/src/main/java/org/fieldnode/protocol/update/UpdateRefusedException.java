// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.util.Objects;

/** A release refused, with the {@link Refusal} and one sentence for the operator (no key material). */
public final class UpdateRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    public UpdateRefusedException(Refusal refusal, String detail) {
        super(refusal.code() + ": " + detail);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public Refusal refusal() {
        return refusal;
    }
}
