// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import org.fieldnode.runtime.pipeline.Batch;

/**
 * Delivers batches to the collector. Transport-neutral: the CoAP/DTLS implementation lives in
 * {@code org.fieldnode.runtime.report.coap}. Calls come from one delivery thread.
 */
public interface Reporter extends AutoCloseable {
    /**
     * Sends {@code batch} and waits for the collector's answer. Never throws for network trouble: the outcome is
     * in the result.
     */
    ReportResult report(Batch batch) throws InterruptedException;

    /**
     * How many readings from the head of {@code batch} fit one message of this transport (at least 1). The
     * delivery loop sends only those, so that no message needs IP fragmentation. Default: all of them.
     */
    default int fittingReadings(Batch batch) {
        return batch.readings().size();
    }

    /** Ends the session and releases the socket. Idempotent. */
    @Override
    void close();
}
