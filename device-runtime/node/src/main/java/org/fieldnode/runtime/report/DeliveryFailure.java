// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import java.time.Instant;
import java.util.Objects;

/**
 * Why the node cannot deliver now, and since when: what {@code fieldnode status} and the health series {@code
 * health/delivery} and {@code health/undelivered} show while the collector is out of reach.
 *
 * @param since when the first of the failed attempts in a row was made (the last acknowledgement came before it)
 * @param cause the kind of the latest failure
 * @param reason the latest failure in one line an operator can act on
 */
public record DeliveryFailure(Instant since, ReportResult.Cause cause, String reason) {
    public DeliveryFailure {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }
}
