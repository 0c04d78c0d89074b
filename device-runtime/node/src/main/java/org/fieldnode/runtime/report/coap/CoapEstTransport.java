// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.enrol.EstCredential;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.enrol.EstTransport;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * EST-coaps (RFC 9148) over Scandium DTLS 1.2: the runtime's side of {@link EstTransport}.
 *
 * <p><b>Sessions.</b> {@code /crts} and {@code /sen} travel over a session authenticated with the one-time
 * enrolment PSK ({@code TLS_PSK_WITH_AES_128_CCM_8}); {@code /sren} over a session authenticated with the node's
 * current certificate ({@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8}, mutual, the collector's chain checked against
 * the pinned anchors and the collector URI's host, SECURITY R15). One client connector is kept per credential
 * and replaced when the credential changes, so {@code /crts} and {@code /sen} share one handshake. Never plain
 * CoAP: the collector URI must be {@code coaps} (R4, R13). Client only, on an ephemeral port of a UDP socket connected
 * to the collector ({@link CollectorConnector}, R19). After a request that got no answer the next one starts with a
 * handshake ({@link SessionRecovery}), so a collector restarted after a power cut is reached again, as by the reporter.
 *
 * <p><b>Messages.</b> Confirmable requests to {@code /.well-known/est/crts|sen|sren} with Accept 281 or 287 and
 * Content-Format 286 for the CSR (RFC 9148 §5.1). Responses larger than one block come block-wise (RFC 7959,
 * Block2), reassembled by Californium up to {@value EstContentFormat#MAX_PAYLOAD_BYTES} bytes. A 5.03 becomes
 * {@link EstResponse.TryLater} with its Max-Age (RFC 9148 §5.7); other errors {@link EstResponse.Refused} with
 * the code and the (neutralised) diagnostic; no answer or a failed handshake is an {@link IOException} whose
 * message is one line.
 */
public final class CoapEstTransport implements EstTransport, AutoCloseable {
    private final URI collector;
    private final Supplier<Optional<TrustAnchors>> anchors;
    private final LinkSettings link;
    private final Duration timeout;
    private final InstantSource clock;
    private Session session;
    private boolean closed;

    /**
     * @param collector the collector from the provisioning bundle, {@code coaps://HOST[:PORT]}; the path is ignored
     * @param anchors the node's pinned trust anchors, read when a certificate session is opened
     * @param timeout how long one request may take, handshake included
     */
    public CoapEstTransport(
            URI collector,
            Supplier<Optional<TrustAnchors>> anchors,
            LinkSettings link,
            Duration timeout,
            InstantSource clock) {
        this.collector = Objects.requireNonNull(collector, "collector");
        if (!"coaps".equals(String.valueOf(collector.getScheme()).toLowerCase(Locale.ROOT))
                || collector.getHost() == null) {
            throw new IllegalArgumentException("EST needs a coaps://HOST[:PORT] collector, got '" + collector
                    + "': enrolment never uses plain coap (SECURITY R4, R13)");
        }
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.link = Objects.requireNonNull(link, "link");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public EstResponse caCertificates(EstCredential credential) throws IOException {
        Request request = Request.newGet();
        request.getOptions().setAccept(EstContentFormat.PKCS7_CERTS_ONLY);
        return exchange(EstContentFormat.PATH_CRTS, request, credential);
    }

    @Override
    public EstResponse simpleEnrol(byte[] csr, EstCredential.Bootstrap credential) throws IOException {
        return exchange(EstContentFormat.PATH_SEN, csrRequest(csr), credential);
    }

    @Override
    public EstResponse simpleReEnrol(byte[] csr, EstCredential.Enrolled credential) throws IOException {
        return exchange(EstContentFormat.PATH_SREN, csrRequest(csr), credential);
    }

    /** The local UDP address of the current session's socket; empty before the first request. */
    public synchronized Optional<InetSocketAddress> localAddress() {
        return session == null ? Optional.empty() : Optional.of(session.endpoint.getAddress());
    }

    private static Request csrRequest(byte[] csr) {
        Request request = Request.newPost();
        request.getOptions().setContentFormat(EstContentFormat.PKCS10).setAccept(EstContentFormat.PKIX_CERT);
        request.setPayload(csr);
        return request;
    }

    private synchronized EstResponse exchange(String path, Request request, EstCredential credential)
            throws IOException {
        if (closed) {
            throw new IOException("EST transport to " + address() + " is closed");
        }
        InetSocketAddress destination;
        try {
            destination = new InetSocketAddress(
                    InetAddress.getByName(collector.getHost()),
                    collector.getPort() < 0 ? CoapReporterSettings.DEFAULT_COAPS_PORT : collector.getPort());
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve the collector host '" + collector.getHost() + "'; check DNS");
        }
        Session current = sessionFor(credential);
        try {
            current.connector.connect(current.endpoint, destination);
        } catch (IOException e) {
            throw new IOException("cannot open a UDP socket to " + address() + ": " + e.getMessage());
        }
        request.setConfirmable(true);
        request.setDestinationContext(current.recovery.destination(destination));
        request.getOptions().setUriPath(path);
        ExchangeWatch watch = new ExchangeWatch();
        request.addMessageObserver(watch);
        current.endpoint.sendRequest(request);
        Optional<Outcome> outcome;
        try {
            outcome = watch.await(timeout.toNanos());
        } catch (InterruptedException e) {
            request.cancel();
            Thread.currentThread().interrupt();
            throw new IOException("EST " + path + " interrupted");
        }
        if (outcome.isEmpty()) {
            request.cancel();
            current.recovery.unanswered();
            throw new IOException(
                    current.reasons.deadlinePassed(0, watch, timeout).reason());
        }
        current.recovery.follow(outcome.get());
        return switch (outcome.get()) {
            case Outcome.Answered answered -> answer(path, answered.response());
            default -> {
                ReportResult result = current.reasons.result(0, outcome.get());
                throw new IOException("EST " + path + ": "
                        + (result instanceof ReportResult.Unreachable u ? u.reason() : result.toString()));
            }
        };
    }

    private static EstResponse answer(String path, Response response) {
        ResponseCode code = response.getCode();
        if (code == ResponseCode.CONTENT || code == ResponseCode.CHANGED || code == ResponseCode.CREATED) {
            int format = response.getOptions().getContentFormat();
            Logger.debug("EST {}: {} format={} {} bytes", path, code, format, response.getPayloadSize());
            return new EstResponse.Content(format, response.getPayload() == null ? new byte[0] : response.getPayload());
        }
        if (code == ResponseCode.SERVICE_UNAVAILABLE) {
            // RFC 7252 §5.10.5: Max-Age defaults to 60 s when the option is absent.
            Long maxAge = response.getOptions().getMaxAge();
            return new EstResponse.TryLater(Duration.ofSeconds(maxAge == null ? 60 : maxAge));
        }
        return new EstResponse.Refused(OutcomeReasons.codeText(code), response.getPayloadString());
    }

    private Session sessionFor(EstCredential credential) {
        Object key = switch (credential) {
            case EstCredential.Bootstrap b -> "psk:" + b.psk().identity();
            case EstCredential.Enrolled e -> e.identity().certificate();
        };
        if (session != null && session.key.equals(key)) {
            return session;
        }
        if (session != null) {
            session.close();
            session = null;
        }
        session = open(key, credential);
        return session;
    }

    private Session open(Object key, EstCredential credential) {
        DtlsCredentials dtls = switch (credential) {
            case EstCredential.Bootstrap b -> new DtlsCredentials.Psk(b.psk());
            case EstCredential.Enrolled e ->
                new DtlsCredentials.Certificate(
                        e.identity(),
                        anchors.get()
                                .orElseThrow(() -> new IllegalStateException(
                                        "no trust anchor stored: cannot authenticate the collector for /sren")),
                        collector.getHost());
        };
        Configuration config = ClientConfiguration.coap(link, dtls);
        // RFC 7959 §2.6: certificates are larger than one block; let the block-wise layer reassemble them.
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, EstContentFormat.MAX_PAYLOAD_BYTES);
        AdvancedSinglePskStore pskStore = null;
        CollectorConnector connector;
        if (dtls instanceof DtlsCredentials.Psk psk) {
            byte[] secret = psk.psk().secret();
            try {
                pskStore = new AdvancedSinglePskStore(psk.psk().identity(), secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            connector = new CollectorConnector(ClientConfiguration.dtls(config, pskStore, "est"));
        } else {
            connector = new CollectorConnector(
                    ClientConfiguration.dtls(config, (DtlsCredentials.Certificate) dtls, clock, "est"));
        }
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag("est")
                .build();
        // The reporter's reasons explain failed handshakes and timeouts the same way for EST.
        String nodeId = dtls instanceof DtlsCredentials.Certificate c
                ? c.identity().nodeId().value()
                : "est";
        OutcomeReasons reasons = new OutcomeReasons(new CoapReporterSettings(
                URI.create("coaps://" + address() + EstContentFormat.PATH_CRTS),
                nodeId,
                dtls,
                SenmlFormat.CBOR,
                timeout,
                link,
                Optional.empty()));
        Logger.debug("EST session to {} with {}", address(), dtls.describe());
        return new Session(key, connector, endpoint, pskStore, reasons, new SessionRecovery());
    }

    private String address() {
        return collector.getHost() + ":"
                + (collector.getPort() < 0 ? CoapReporterSettings.DEFAULT_COAPS_PORT : collector.getPort());
    }

    /** Ends the session and its threads, and wipes the PSK copy. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private record Session(
            Object key,
            CollectorConnector connector,
            CoapEndpoint endpoint,
            AdvancedSinglePskStore pskStore,
            OutcomeReasons reasons,
            SessionRecovery recovery) {
        void close() {
            endpoint.destroy();
            if (pskStore != null) {
                SecretUtil.destroy(pskStore);
            }
        }
    }
}
