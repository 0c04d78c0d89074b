// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/** Counts the DTLS handshakes a collector completes and fails, as a Scandium session listener. */
public final class HandshakeCounter extends SessionAdapter {
    /**
     * @param full full handshakes (a node without a session)
     * @param abbreviated resumptions of a known session (RFC 6347 §4.2.4)
     * @param failed handshakes that did not complete (wrong key, timeout, ...)
     */
    public record Counts(long full, long abbreviated, long failed) {
        public long completed() {
            return full + abbreviated;
        }
    }

    private final AtomicLong full = new AtomicLong();
    private final AtomicLong abbreviated = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    HandshakeCounter() {}

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        (handshaker.isFullHandshake() ? full : abbreviated).incrementAndGet();
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        failed.incrementAndGet();
    }

    public Counts counts() {
        return new Counts(full.get(), abbreviated.get(), failed.get());
    }
}
