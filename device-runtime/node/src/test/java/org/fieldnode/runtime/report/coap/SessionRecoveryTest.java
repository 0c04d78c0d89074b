// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;
import org.junit.jupiter.api.Test;

class SessionRecoveryTest {
    private static final InetSocketAddress COLLECTOR = new InetSocketAddress("127.0.0.1", 5684);

    private final SessionRecovery recovery = new SessionRecovery();

    private static String mode(EndpointContext context) {
        return context.getString(DtlsEndpointContext.KEY_HANDSHAKE_MODE);
    }

    @Test
    void whileAnswered_requestsGoOnTheSession_noHandshakeAsked() {
        recovery.follow(new Outcome.Answered(new Response(ResponseCode.CHANGED)));

        EndpointContext destination = recovery.destination(COLLECTOR);

        assertThat(destination.getPeerAddress()).isEqualTo(COLLECTOR);
        assertThat(mode(destination)).isNull();
        assertThat(recovery.handshakeNext()).isFalse();
    }

    @Test
    void afterNoAnswer_theNextRequestProbesWithAHandshake_untilOneIsAnswered() {
        recovery.follow(new Outcome.TimedOut());
        assertThat(mode(recovery.destination(COLLECTOR))).isEqualTo(DtlsEndpointContext.HANDSHAKE_MODE_PROBE);

        recovery.follow(new Outcome.SendFailed(new IOException("handshake timed out")));
        assertThat(mode(recovery.destination(COLLECTOR))).isEqualTo(DtlsEndpointContext.HANDSHAKE_MODE_PROBE);

        recovery.follow(new Outcome.Reset());
        assertThat(mode(recovery.destination(COLLECTOR))).isNull();
    }

    @Test
    void aCancelledExchange_changesNothing() {
        recovery.unanswered();
        recovery.follow(new Outcome.Cancelled());

        assertThat(recovery.handshakeNext()).isTrue();
    }
}
