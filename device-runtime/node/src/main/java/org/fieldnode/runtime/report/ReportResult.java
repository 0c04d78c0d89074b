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
     * @param cause the kind of trouble, for {@code status} and the health series
     */
    record Unreachable(long sequence, String reason, Cause cause) implements ReportResult {
        /** Trouble of no particular kind ({@link Cause#OTHER}). */
        public Unreachable(long sequence, String reason) {
            this(sequence, reason, Cause.OTHER);
        }
    }

    /**
     * Why a batch did not reach the collector, as {@code fieldnode status} and the health series {@code
     * health/delivery} name it (the code is the series' value; 0 there means delivering).
     */
    enum Cause {
        /** Nothing came back: the collector is down, the link is out, or the collector lost our session. */
        NO_ANSWER("no_answer", 1),
        /** The collector refused the DTLS handshake: our key or certificate, or the cipher suite. */
        HANDSHAKE_REFUSED("handshake_refused", 2),
        /** The collector answered 5.03: too busy to store the batch now. */
        COLLECTOR_BUSY("collector_busy", 3),
        /** The collector answered, but with an error or an answer that acknowledges nothing. */
        COLLECTOR_ERROR("collector_error", 4),
        /** No enrolled certificate yet (BOOTSTRAP) or it expired: the node sends nothing (SECURITY R3). */
        NOT_ENROLLED("not_enrolled", 5),
        /** Anything else, e.g. a collector name that does not resolve. */
        OTHER("other", 6),
        /** The collector holds other readings under the batch's sequence numbers (4.09, SECURITY R28). */
        CONFLICT("conflict", 7);

        private final String label;
        private final int code;

        Cause(String label, int code) {
            this.label = label;
            this.code = code;
        }

        /** The word {@code status} shows, e.g. {@code no_answer}. */
        public String label() {
            return label;
        }

        /** The value of the health series {@code health/delivery}. */
        public int code() {
            return code;
        }
    }

    long sequence();
}
