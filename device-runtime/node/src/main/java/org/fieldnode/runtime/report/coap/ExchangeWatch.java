// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.EndpointContext;

/**
 * Follows one CoAP exchange through Californium's callbacks and lets the delivery thread wait for its end. Besides
 * the outcome it remembers how far the exchange got (handshake started, last DTLS flight retransmitted, session
 * up, request sent), so that a deadline that passes first can still be explained ({@link
 * OutcomeReasons#deadlinePassed(long, ExchangeWatch, java.time.Duration, String, String, DtlsCredentials)}; public
 * for the LwM2M client, whose requests Leshan makes and which watches them the same way).
 */
public final class ExchangeWatch extends MessageObserverAdapter {
    /** How an exchange ended, as far as Californium tells. */
    sealed interface Outcome {
        /** The collector answered (piggy-backed or separate response). */
        record Answered(Response response) implements Outcome {}

        /** The collector answered with a CoAP Reset (RFC 7252 §4.2). */
        record Reset() implements Outcome {}

        /** CoAP gave up after MAX_RETRANSMIT retransmissions (RFC 7252 §4.2). */
        record TimedOut() implements Outcome {}

        /** The message could not be sent, e.g. because the DTLS handshake failed. */
        record SendFailed(Throwable error) implements Outcome {}

        /** Californium cancelled the exchange, e.g. because the reporter is being closed. */
        record Cancelled() implements Outcome {}
    }

    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile boolean connecting;
    private volatile boolean sessionEstablished;
    private volatile boolean sent;
    private volatile int lastRetransmittedFlight;

    /** Waits until the exchange ends or {@code timeoutNanos} pass; empty when the deadline came first. */
    Optional<Outcome> await(long timeoutNanos) throws InterruptedException {
        try {
            return Optional.of(outcome.get(timeoutNanos, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(new Outcome.SendFailed(e.getCause()));
        }
    }

    public boolean handshakeStarted() {
        return connecting;
    }

    public boolean sessionEstablished() {
        return sessionEstablished;
    }

    public boolean requestSent() {
        return sent;
    }

    /** The number of the DTLS flight last retransmitted (RFC 6347 §4.2.4), 0 when none was. */
    public int lastRetransmittedFlight() {
        return lastRetransmittedFlight;
    }

    @Override
    public void onResponse(Response response) {
        outcome.complete(new Outcome.Answered(response));
    }

    @Override
    public void onReject() {
        outcome.complete(new Outcome.Reset());
    }

    @Override
    public void onTimeout() {
        outcome.complete(new Outcome.TimedOut());
    }

    @Override
    public void onSendError(Throwable error) {
        outcome.complete(new Outcome.SendFailed(error));
    }

    @Override
    public void onCancel() {
        outcome.complete(new Outcome.Cancelled());
    }

    @Override
    public void onConnecting() {
        connecting = true;
    }

    @Override
    public void onDtlsRetransmission(int flight) {
        lastRetransmittedFlight = flight;
    }

    @Override
    public void onContextEstablished(EndpointContext endpointContext) {
        sessionEstablished = true;
    }

    @Override
    public void onSent(boolean retransmission) {
        sent = true;
    }
}
