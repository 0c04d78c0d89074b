// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.ReportResult.Cause;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.runtime.report.coap.ExchangeWatch;
import org.fieldnode.runtime.report.coap.OutcomeReasons;
import org.tinylog.Logger;

/**
 * What the node knows of its registration with the LwM2M server, from Leshan's client events: registered (with
 * which server), a registration or bootstrap under way, or the last failure with a reason an operator can act on.
 * Registrations are counted, so the reporter can tell a server that refused readings before it registered the node
 * again from one that refuses them as they are. Thread-safe.
 */
final class RegistrationState extends LwM2mClientObserverAdapter {
    private final String address;
    private final DtlsCredentials credentials;
    private final Duration timeout;
    private final Supplier<Optional<ExchangeWatch>> lastExchange;
    private LwM2mServer registered;
    private boolean underWay;
    private long registrations;
    private long events;
    private Failure failure = new Failure("not registered with the LwM2M server yet", Cause.NO_ANSWER);

    /** Why the node is not registered. */
    record Failure(String reason, Cause cause) {}

    /**
     * @param address the server's {@code host:port}, for reasons
     * @param credentials what the node authenticates with, for reasons
     * @param timeout how long a request waits for its answer
     * @param lastExchange how far the last request got, to explain one that went unanswered
     */
    RegistrationState(
            String address,
            DtlsCredentials credentials,
            Duration timeout,
            Supplier<Optional<ExchangeWatch>> lastExchange) {
        this.address = address;
        this.credentials = credentials;
        this.timeout = timeout;
        this.lastExchange = lastExchange;
    }

    /** The server the node is registered with, if it is. */
    synchronized Optional<LwM2mServer> registered() {
        return Optional.ofNullable(registered);
    }

    /** A registration, update or bootstrap is on its way: wait for it instead of starting another. */
    synchronized boolean underWay() {
        return underWay;
    }

    /** Successful registrations since start. */
    synchronized long registrations() {
        return registrations;
    }

    synchronized Failure failure() {
        return failure;
    }

    /** A counter of registration events: pass it to {@link #awaitRegistered} to wait for what happens after now. */
    synchronized long events() {
        return events;
    }

    /**
     * Waits up to {@code timeout} for a registration, or until an attempt that ended after event {@code after}
     * failed.
     *
     * @return the server, or empty when the node is still not registered
     */
    synchronized Optional<LwM2mServer> awaitRegistered(Duration timeout, long after) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registered == null && (underWay || events <= after)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.ofNullable(registered);
    }

    /** The server no longer knows the node (it refused readings or an update): register again before sending. */
    synchronized void forgotten(String why) {
        registered = null;
        failure = new Failure(why, Cause.COLLECTOR_ERROR);
        events++;
        notifyAll();
    }

    private synchronized void started() {
        underWay = true;
        events++;
        notifyAll();
    }

    private synchronized void succeeded(LwM2mServer server) {
        registered = server;
        underWay = false;
        registrations++;
        failure = null;
        events++;
        notifyAll();
    }

    private synchronized void failed(Failure why) {
        registered = null;
        underWay = false;
        failure = why;
        events++;
        notifyAll();
    }

    @Override
    public void onBootstrapStarted(LwM2mServer server, BootstrapRequest request) {
        started();
    }

    @Override
    public void onBootstrapSuccess(LwM2mServer server, BootstrapRequest request) {
        Logger.info("Bootstrapped by the LwM2M bootstrap server {}", address);
    }

    @Override
    public void onBootstrapFailure(
            LwM2mServer server, BootstrapRequest request, ResponseCode code, String message, Exception cause) {
        failed(failure("the LwM2M bootstrap server", code, message, cause));
    }

    @Override
    public void onBootstrapTimeout(LwM2mServer server, BootstrapRequest request) {
        failed(unanswered("LwM2M bootstrap server"));
    }

    @Override
    public void onRegistrationStarted(LwM2mServer server, RegisterRequest request) {
        started();
    }

    @Override
    public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
        Logger.info(
                "Registered with the LwM2M server {} as {} (lifetime {} s)",
                address,
                request.getEndpointName(),
                request.getLifetime());
        succeeded(server);
    }

    @Override
    public void onRegistrationFailure(
            LwM2mServer server, RegisterRequest request, ResponseCode code, String message, Exception cause) {
        failed(failure("the LwM2M server", code, message, cause));
    }

    @Override
    public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
        failed(unanswered("LwM2M server"));
    }

    @Override
    public void onUpdateStarted(LwM2mServer server, UpdateRequest request) {
        started();
    }

    @Override
    public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
        succeeded(server);
    }

    @Override
    public void onUpdateFailure(
            LwM2mServer server, UpdateRequest request, ResponseCode code, String message, Exception cause) {
        // Leshan registers again at once after a failed update; until then nothing may be sent.
        Logger.debug("Registration update refused ({}): registering again", code);
        failed(failure("the LwM2M server", code, message, cause));
        started();
    }

    @Override
    public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
        failed(unanswered("LwM2M server"));
        started();
    }

    @Override
    public void onDeregistrationSuccess(LwM2mServer server, DeregisterRequest request) {
        Logger.info("Deregistered from the LwM2M server {}", address);
        failed(new Failure("deregistered", Cause.OTHER));
    }

    @Override
    public void onUnexpectedError(Throwable error) {
        Logger.error("LwM2M client failed: {}", error.toString());
        failed(new Failure("the LwM2M client failed: " + error, Cause.OTHER));
    }

    /** A request went unanswered: why, as far as its exchange tells (a handshake refused silently, or no answer). */
    private Failure unanswered(String peer) {
        ReportResult.Unreachable why = lastExchange
                .get()
                .map(watch -> OutcomeReasons.deadlinePassed(0, watch, timeout, address, peer, credentials))
                .orElseGet(() -> new ReportResult.Unreachable(
                        0, "no answer from the " + peer + " at " + address, Cause.NO_ANSWER));
        return new Failure(why.reason(), why.cause());
    }

    private Failure failure(String peer, ResponseCode code, String message, Exception cause) {
        if (code != null) {
            String diagnostic = OutcomeReasons.neutralise(message);
            return new Failure(
                    peer + " at " + address + " refused the node: " + Lwm2mReporter.codeText(code) + " "
                            + code.getName()
                            + (diagnostic.isEmpty() ? "" : " (" + diagnostic + ")")
                            + "; check that it knows the endpoint and its credential",
                    Cause.COLLECTOR_ERROR);
        }
        if (cause != null) {
            Optional<ReportResult.Unreachable> handshake =
                    OutcomeReasons.handshakeFailure(0, cause, address, "LwM2M server", credentials);
            if (handshake.isPresent()) {
                return new Failure(handshake.get().reason(), handshake.get().cause());
            }
            return new Failure(
                    "cannot reach the LwM2M server at " + address + ": "
                            + OutcomeReasons.neutralise(String.valueOf(cause.getMessage())),
                    Cause.OTHER);
        }
        return new Failure("the LwM2M server at " + address + " did not register the node", Cause.OTHER);
    }
}
