// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.fieldnode.security.event.SecurityEventCode;

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

    private final CollectorEvents events;

    /** @param events where a failed PSK handshake is recorded as an authentication failure (rate-limited there) */
    HandshakeCounter(CollectorEvents events) {
        this.events = events;
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        (handshaker.isFullHandshake() ? full : abbreviated).incrementAndGet();
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        failed.incrementAndGet();
        // A known PSK identity whose handshake fails: the node's key most likely differs from its psk-directory
        // line (issue 15: the collector logged nothing). An unknown identity is recorded by DirectoryPskStore.
        if (handshaker.getSession().getPeerIdentity() instanceof PreSharedKeyIdentity psk) {
            events.record(
                    SecurityEventCode.AUTHENTICATION_FAILED,
                    psk.getIdentity(),
                    "DTLS handshake with PSK identity " + psk.getIdentity() + " failed ("
                            + Printable.of(String.valueOf(error.getMessage()))
                            + "): the node's key most likely differs from its psk-directory line");
        }
    }

    public Counts counts() {
        return new Counts(full.get(), abbreviated.get(), failed.get());
    }
}
