// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.InetSocketAddress;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;

/**
 * Decides whether the next exchange with the collector starts a fresh DTLS handshake: only after one that got no
 * answer. A collector that lost its state (a power cut, SIGKILL: it saves sessions on a clean stop only) no longer
 * knows our session and drops every record carrying its Connection ID without a word: RFC 9146 defines no answer to
 * an unknown CID, and none could be authenticated (RFC 6347 §4.1.2.7: invalid records are silently discarded). The
 * node cannot tell that from a collector that is down or a link that is out, so the exchange after an unanswered one
 * goes with Scandium's handshake mode {@value DtlsEndpointContext#HANDSHAKE_MODE_PROBE}:
 *
 * <ul>
 *   <li>the ClientHello offers our session for resumption (RFC 5246 §7.3); a collector that still knows it (restored
 *       after a clean stop) resumes it in one round trip, one that does not answers with a full handshake, which
 *       Scandium's resuming client follows (and a node without a session makes a full one anyway);
 *   <li>while the collector does not answer at all, the probe fails and the old session stays, so the next probe
 *       again offers resumption instead of a full handshake.
 * </ul>
 *
 * While exchanges are answered nothing changes: no handshake, no extra datagram, no keep-alive. CoAP's own
 * retransmissions of the probing request do not start another handshake (Californium sends them in the established
 * context, {@code EndpointContextUtil.getFollowUpEndpointContext}). Thread-safe.
 */
public final class SessionRecovery {
    private volatile boolean handshakeNext;

    /** The destination of the next request to {@code collector}: a probing handshake first after an unanswered one. */
    public EndpointContext destination(InetSocketAddress collector) {
        return handshakeNext
                ? new MapBasedEndpointContext(collector, null, DtlsEndpointContext.ATTRIBUTE_HANDSHAKE_MODE_PROBE)
                : new AddressEndpointContext(collector);
    }

    /** The collector answered (any CoAP response or reset): the session works. */
    public void answered() {
        handshakeNext = false;
    }

    /** The exchange got no answer (or its handshake failed): the next one probes with a handshake. */
    public void unanswered() {
        handshakeNext = true;
    }

    /** Follows how an exchange ended: answered (a response or a reset) or not; a cancelled one teaches nothing. */
    void follow(ExchangeWatch.Outcome outcome) {
        switch (outcome) {
            case ExchangeWatch.Outcome.Answered answered -> answered();
            case ExchangeWatch.Outcome.Reset reset -> answered();
            case ExchangeWatch.Outcome.TimedOut timedOut -> unanswered();
            case ExchangeWatch.Outcome.SendFailed failed -> unanswered();
            case ExchangeWatch.Outcome.Cancelled cancelled -> {
                // The reporter is closing: nothing was learnt about the session.
            }
        }
    }

    /** True when the next exchange starts with a handshake. */
    public boolean handshakeNext() {
        return handshakeNext;
    }

    @Override
    public String toString() {
        return "SessionRecovery[" + (handshakeNext ? "handshake next" : "session trusted") + "]";
    }
}
