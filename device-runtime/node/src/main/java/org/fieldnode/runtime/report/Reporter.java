// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import java.util.List;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;

/**
 * Delivers batches to the collector. Transport-neutral: the CoAP/DTLS implementation lives in
 * {@code org.fieldnode.runtime.report.coap}, the LwM2M client in {@code org.fieldnode.runtime.report.lwm2m}. Calls
 * of {@link #report} and {@link #fittingReadings} come from one delivery thread.
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

    /**
     * Readings just sampled (or the node's health just measured), as they go into the queue. A transport that also
     * serves the latest values to its server (LwM2M read and observe) keeps them; delivery still goes through the
     * queue and {@link #report}. Called on the sampling threads, so it must be quick and must not block. Default:
     * nothing.
     */
    default void sampled(List<Reading> readings) {}

    /** Ends the session and releases the socket. Idempotent. */
    @Override
    void close();
}
