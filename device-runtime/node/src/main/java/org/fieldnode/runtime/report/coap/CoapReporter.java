// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.fieldnode.protocol.Readings;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;
import org.fieldnode.runtime.update.ReleaseSource;
import org.tinylog.Logger;

/**
 * Reports batches to the collector as SenML over CoAP over DTLS 1.2, authenticated with a pre-shared key or with
 * the node's enrolled certificate ({@link DtlsCredentials}).
 *
 * <p><b>On the wire.</b> Each batch is one confirmable POST (RFC 7252 §5.8.2) to the path of
 * {@link CoapReporterSettings#collector()}, with Content-Format 112 ({@code application/senml+cbor}) or 110
 * ({@code application/senml+json}) and the payload from {@link SenmlCodec}. Records are named
 * {@code <sensor>/<quantity>}, relative to the node the DTLS session authenticates (see
 * {@link BatchPack#ON_THE_WIRE}), carry the channel's SenML unit and the reading's {@code observedAt}. The batch sequence travels as one Uri-Query option {@code s=<sequence>} (decimal), which
 * lets the collector ingest a retransmitted batch once; Uri-Host is not sent (the DTLS session already names
 * the peer, and it saves bytes). Tokens are one byte long.
 *
 * <p><b>Outcome.</b> 2.01 or 2.04 is {@link ReportResult.Acknowledged}; 4.09 is {@link ReportResult.Conflicted} (the
 * batch is kept, SECURITY R28); any other 4.xx is {@link ReportResult.Rejected} with the code (e.g. {@code 4.00})
 * and the collector's diagnostic payload; a 5.xx, a reset, no answer in
 * {@link CoapReporterSettings#exchangeTimeout()} or a failed handshake is {@link ReportResult.Unreachable} with a
 * one-line reason. A batch that cannot be written as SenML at all (a sensor id with characters SenML names do
 * not allow, a time before 1978) is {@code Rejected} with code {@code local}: sending it again cannot help.
 *
 * <p><b>Resources.</b> One Scandium {@link DTLSConnector} (client only, see {@link ClientConfiguration}), its UDP
 * socket connected to the collector on an ephemeral port ({@link CollectorConnector}, SECURITY R19), and one
 * {@link CoapEndpoint}, started in the constructor when the collector resolves, else at the first report. The DTLS
 * session is kept between reports; after a report that got no answer the next one starts with a handshake ({@link
 * SessionRecovery}), so a collector that lost the session after a power cut is reached again on the first retry.
 * {@link #close()} stops every thread they started and wipes the key copy. Meant to be
 * called from one delivery thread; {@link #close()} may come from any thread.
 */
public final class CoapReporter implements Reporter {
    /**
     * The largest SenML payload sent in one message: RFC 7252 §4.6 keeps a CoAP message within 1152 bytes so that
     * it travels in one IPv6 packet on a 1280-byte MTU; the DTLS record and CoAP header take the rest.
     */
    public static final int MAX_PAYLOAD_BYTES = 1024;

    /** The code of a {@link ReportResult.Rejected} for a batch that could not be encoded on the node. */
    public static final String LOCAL_REJECTION = "local";

    private final CoapReporterSettings settings;
    private final AdvancedSinglePskStore pskStore; // null in certificate mode
    private final CoapEndpoint endpoint;
    private final CollectorConnector connector;
    private final Optional<SessionStateFile> sessionState;
    private final OutcomeReasons reasons;
    private final SessionRecovery recovery = new SessionRecovery();
    private final Resolver resolver;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ConfigExchange configExchange;
    private volatile Encoded lastEncoded;

    /** Opens the UDP socket and starts the client when it can; the DTLS handshake happens with the first report. */
    public CoapReporter(CoapReporterSettings settings) {
        this(settings, InetAddress::getByName);
    }

    /** Finds the collector's address by name; DNS, except in tests that move the collector. */
    @FunctionalInterface
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** With {@code resolver} in place of DNS. */
    CoapReporter(CoapReporterSettings settings, Resolver resolver) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.reasons = new OutcomeReasons(settings);
        Configuration config = ClientConfiguration.coap(settings.link(), settings.credentials());
        // No transparent block-wise transfers on this endpoint (RFC 7959): a report fits one message
        // (MAX_PAYLOAD_BYTES), so does a desired configuration in its acknowledgement (DesiredConfigCodec
        // .MAX_PAYLOAD_BYTES), and a release is fetched one Block2 at a time by CoapReleaseSource, which resumes
        // from any block; Californium would otherwise reassemble a response whose block 0 was asked for, whole.
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        switch (settings.credentials()) {
            case DtlsCredentials.Psk psk -> {
                byte[] secret = psk.psk().secret();
                try {
                    this.pskStore = new AdvancedSinglePskStore(psk.psk().identity(), secret);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
                this.connector = new CollectorConnector(ClientConfiguration.dtls(config, pskStore));
            }
            case DtlsCredentials.Certificate certificate -> {
                this.pskStore = null;
                this.connector = new CollectorConnector(
                        ClientConfiguration.dtls(config, certificate, InstantSource.system(), "report"));
            }
        }
        this.sessionState = settings.sessionState().map(file -> new SessionStateFile(file, settings.credentials()));
        sessionState.ifPresent(state -> state.loadInto(connector));
        this.endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag("report")
                .build();
        Logger.info(
                "Reporting to {} with {} ({})",
                settings.collector(),
                settings.credentials().describe(),
                settings.format().mediaType());
        // Connected now when the collector resolves and has a route (so the first report starts at once); else at
        // the first report that finds the network up.
        resolve().ifPresent(collector -> {
            try {
                connect(collector);
            } catch (IOException e) {
                Logger.debug("Not connected to {} yet: {}", collector, e.toString());
            }
        });
    }

    /**
     * Posts {@code batch} and waits for the answer, at most {@link CoapReporterSettings#exchangeTimeout()}.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws InterruptedException when the delivery thread is interrupted; the exchange is cancelled
     */
    @Override
    public ReportResult report(Batch batch) throws InterruptedException {
        Objects.requireNonNull(batch, "batch");
        if (closed.get()) {
            throw new IllegalStateException("reporter to " + settings.collector() + " is closed");
        }
        long sequence = batch.sequence();
        byte[] payload;
        try {
            payload = encode(batch);
        } catch (IllegalArgumentException e) {
            Logger.debug("Batch {} cannot be written as SenML: {}", sequence, e.getMessage());
            return new ReportResult.Rejected(sequence, LOCAL_REJECTION, "cannot encode as SenML: " + e.getMessage());
        }

        Optional<InetSocketAddress> destination = resolve();
        if (destination.isEmpty()) {
            ReportResult.Unreachable result = new ReportResult.Unreachable(
                    sequence, reasons.unresolvable(settings.collector().getHost()));
            logUnreachable(result);
            return result;
        }

        try {
            connect(destination.get());
        } catch (IOException e) {
            return unreachable(sequence, "cannot open a UDP socket to " + destination.get() + ": " + e.getMessage());
        }
        Request request = post(sequence, payload, destination.get());
        ExchangeWatch watch = new ExchangeWatch();
        request.addMessageObserver(watch);
        endpoint.sendRequest(request);
        Optional<Outcome> outcome;
        try {
            outcome = watch.await(settings.exchangeTimeout().toNanos());
        } catch (InterruptedException e) {
            request.cancel();
            throw e;
        }
        if (outcome.isEmpty()) {
            request.cancel();
            recovery.unanswered();
            ReportResult.Unreachable result = reasons.deadlinePassed(sequence, watch, settings.exchangeTimeout());
            logUnreachable(result);
            return result;
        }
        recovery.follow(outcome.get());
        ReportResult result = reasons.result(sequence, outcome.get());
        offerConfiguration(result, outcome.get());
        switch (result) {
            case ReportResult.Acknowledged acknowledged ->
                Logger.debug(
                        "Batch {} ({} readings, {} bytes) acknowledged",
                        sequence,
                        batch.readings().size(),
                        payload.length);
            case ReportResult.Rejected rejected ->
                Logger.debug("Batch {} rejected: {} {}", sequence, rejected.code(), rejected.reason());
            case ReportResult.Conflicted conflicted ->
                Logger.debug("Batch {} refused as a conflict: {}", sequence, conflicted.reason());
            case ReportResult.Unreachable unreachable -> logUnreachable(unreachable);
        }
        return result;
    }

    /** The longest prefix of {@code batch} whose SenML encoding fits {@link #MAX_PAYLOAD_BYTES} (at least 1). */
    @Override
    public int fittingReadings(Batch batch) {
        int low = 1;
        int high = batch.readings().size();
        if (encodedSize(batch, high) <= MAX_PAYLOAD_BYTES) {
            return high;
        }
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (encodedSize(batch, mid) <= MAX_PAYLOAD_BYTES) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private int encodedSize(Batch batch, int readings) {
        try {
            return encode(new Batch(batch.sequence(), batch.readings().subList(0, readings))).length;
        } catch (IllegalArgumentException e) {
            return 0; // report() refuses it with a clear reason; size is not the problem
        }
    }

    /**
     * The SenML payload of {@code batch}. The last one is kept, so the batch measured by {@link #fittingReadings}
     * and then sent (and each retry of it) is encoded once, not on every attempt.
     */
    private byte[] encode(Batch batch) {
        Encoded last = lastEncoded;
        if (last != null && last.batch().equals(batch)) {
            return last.payload();
        }
        byte[] payload = SenmlCodec.encode(BatchPack.records(BatchPack.ON_THE_WIRE, batch), settings.format());
        lastEncoded = new Encoded(batch, payload);
        return payload;
    }

    private record Encoded(Batch batch, byte[] payload) {}

    /** Connects the UDP socket to the collector (SECURITY R19), again when its address or route changed. */
    private synchronized void connect(InetSocketAddress collector) throws IOException {
        if (closed.get()) {
            throw new IOException("the reporter is closed");
        }
        boolean first = !endpoint.isStarted();
        connector.connect(endpoint, collector);
        if (first) {
            Logger.info("Reporting from UDP {} to {}", endpoint.getAddress(), collector);
        }
    }

    /** Stops the endpoint, the DTLS connector and their threads, and wipes the key copy. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            if (sessionState.isPresent()) {
                endpoint.stop();
                sessionState.get().saveFrom(connector);
            }
            endpoint.destroy();
            destroyKeyCopy();
            Logger.info("Stopped reporting to {}", settings.collector());
        }
    }

    private void destroyKeyCopy() {
        if (pskStore != null) {
            SecretUtil.destroy(pskStore);
        }
    }

    /** Takes part in the desired-configuration exchange from the next report on. */
    public void exchangeConfig(ConfigExchange exchange) {
        this.configExchange = exchange;
    }

    private void offerConfiguration(ReportResult result, Outcome outcome) {
        ConfigExchange exchange = configExchange;
        if (exchange != null
                && result instanceof ReportResult.Acknowledged
                && outcome instanceof Outcome.Answered answered
                && answered.response().getOptions().getContentFormat() == DesiredConfigCodec.CONTENT_FORMAT
                && answered.response().getPayloadSize() > 0) {
            exchange.offered(answered.response().getPayload());
        }
    }

    /**
     * Over-the-air releases from the collector this reporter reports to, over its DTLS session and endpoint
     * ({@link CoapReleaseSource}).
     */
    public ReleaseSource releases() {
        return new CoapReleaseSource(this);
    }

    /**
     * Sends {@code request} to the collector over the reporter's session and waits for its outcome, at most
     * {@link CoapReporterSettings#exchangeTimeout()}; empty when none came in time (the request is then cancelled).
     */
    Optional<Outcome> exchange(Request request) throws InterruptedException, java.io.IOException {
        if (closed.get()) {
            throw new java.io.IOException("the reporter is closed");
        }
        Optional<InetSocketAddress> destination = resolve();
        if (destination.isEmpty()) {
            throw new java.io.IOException(
                    "cannot resolve " + settings.collector().getHost());
        }
        connect(destination.get());
        request.setDestinationContext(recovery.destination(destination.get()));
        ExchangeWatch watch = new ExchangeWatch();
        request.addMessageObserver(watch);
        endpoint.sendRequest(request);
        Optional<Outcome> outcome;
        try {
            outcome = watch.await(settings.exchangeTimeout().toNanos());
        } catch (InterruptedException e) {
            request.cancel();
            throw e;
        }
        if (outcome.isEmpty()) {
            request.cancel();
            recovery.unanswered(); // the next exchange starts with a handshake (a collector that lost the session)
        } else {
            recovery.follow(outcome.get());
        }
        return outcome;
    }

    /** The local UDP address the reporter sends from. */
    public InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    private Request post(long sequence, byte[] payload, InetSocketAddress destination) {
        Request request = Request.newPost();
        request.setConfirmable(true);
        request.setDestinationContext(recovery.destination(destination));
        request.getOptions()
                .setUriPath(settings.collector().getPath())
                .addUriQuery(Readings.sequenceQuery(sequence))
                .setContentFormat(settings.format().contentFormat());
        ConfigExchange exchange = configExchange;
        if (exchange != null) {
            exchange.queries().forEach(request.getOptions()::addUriQuery);
        }
        request.setPayload(payload);
        return request;
    }

    /** Resolved on every report, so that a collector whose address changes is found again. */
    private Optional<InetSocketAddress> resolve() {
        try {
            InetAddress address = resolver.resolve(settings.collector().getHost());
            return Optional.of(new InetSocketAddress(address, settings.collectorPort()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static ReportResult unreachable(long sequence, String reason) {
        ReportResult.Unreachable result = new ReportResult.Unreachable(sequence, reason);
        logUnreachable(result);
        return result;
    }

    /** Per exchange only: the delivery loop decides what an operator sees, once per distinct failure. */
    private static void logUnreachable(ReportResult.Unreachable result) {
        Logger.debug("Batch {} not delivered: {}", result.sequence(), result.reason());
    }

    @Override
    public String toString() {
        return "CoapReporter[" + settings + (closed.get() ? ", closed]" : "]");
    }
}
