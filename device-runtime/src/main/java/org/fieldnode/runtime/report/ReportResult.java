// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

/** What became of one batch. */
public sealed interface ReportResult {
    /** The collector stored the batch; its readings may leave the queue. */
    record Acknowledged(long sequence) implements ReportResult {}

    /**
     * The collector refused the batch for good (a 4.xx answer): sending it again will not help.
     *
     * @param code the CoAP response code, e.g. {@code 4.00}
     * @param reason the collector's diagnostic payload, or empty
     */
    record Rejected(long sequence, String code, String reason) implements ReportResult {}

    /**
     * The collector holds other readings under this batch's sequence numbers (CoAP 4.09 Conflict, SECURITY R28): it
     * did not store the batch and never will as it is, but dropping it would lose readings the collector does not
     * have. The batch stays queued, the node is DEGRADED, and it is sent again only after a back-off, so an
     * operator can look (two nodes with one identity, a queue restored from an old copy).
     *
     * @param reason the collector's diagnostic payload, or empty
     */
    record Conflicted(long sequence, String reason) implements ReportResult {}

    /**
     * No answer, a failed handshake or a 5.xx: the batch stays queued and is retried later.
     *
     * @param reason one line an operator can act on
     */
    record Unreachable(long sequence, String reason) implements ReportResult {}

    long sequence();
}
