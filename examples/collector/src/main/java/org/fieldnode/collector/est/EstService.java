// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.SigningRequest;
import org.fieldnode.collector.ca.SigningRequest.RequestRefused;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.enrol.EstPayloads;
import org.fieldnode.security.event.PeerText;
import org.fieldnode.security.identity.NodeId;
import org.tinylog.Logger;

/**
 * The EST-coaps server logic (RFC 9148), apart from CoAP: what {@code /crts}, {@code /sen} and {@code /sren}
 * answer for an authenticated peer. Handlers return an {@link Answer} instead of throwing; {@link EstResources}
 * only translates it. Diagnostics are one line and carry no internal detail (SECURITY R36).
 *
 * <ul>
 *   <li>{@code /sen}: only over a bootstrap PSK session whose identity is an <em>unused</em> enrolment credential;
 *       the CSR must verify ({@link SigningRequest}); when the credential was issued for a node id, the CSR's CN
 *       must be that id; a revoked node id is refused; a node id enrolled under another device is refused. On
 *       success the credential is marked used in the same transaction that records the node (R4).
 *   <li>{@code /sren}: only over a certificate session of an enrolled, unrevoked node, for the same node id (R6,
 *       R17).
 *   <li>At most {@code signingSlots} requests are signed at once; beyond that the answer is 5.03 with Max-Age
 *       {@value #BUSY_RETRY_SECONDS} s (RFC 9148 §5.7).
 * </ul>
 */
public final class EstService {
    /** Max-Age of a 5.03 when the CA is busy. */
    public static final int BUSY_RETRY_SECONDS = 10;

    /** What to answer. */
    public sealed interface Answer {
        /** 2.05 (GET) or 2.04 (POST) with {@code payload} in {@code contentFormat}. */
        record Content(int contentFormat, byte[] payload) implements Answer {}

        /** An error code with a one-line diagnostic. */
        record Refused(ResponseCode code, String diagnostic) implements Answer {}

        /** 5.03 with Max-Age {@code retryAfterSeconds}. */
        record Busy(int retryAfterSeconds) implements Answer {}
    }

    private final CollectorCa ca;
    private final EnrolmentRegistry registry;
    private final Semaphore signing;

    /** @param signingSlots concurrent signings allowed before 5.03 (0 makes the CA always busy: tests) */
    public EstService(CollectorCa ca, EnrolmentRegistry registry, int signingSlots) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (signingSlots < 0) {
            throw new IllegalArgumentException("signingSlots must be >= 0, got " + signingSlots);
        }
        this.signing = new Semaphore(signingSlots);
    }

    /** {@code GET /crts}: the CA certificate as a certs-only message (281). */
    public Answer caCertificates() {
        return new Answer.Content(
                EstContentFormat.PKCS7_CERTS_ONLY, EstPayloads.encodeCertsOnly(List.of(ca.certificate())));
    }

    /** Whether a bootstrap PSK session may use EST at all: its credential is unused. */
    public boolean isUnusedCredential(String pskIdentity) {
        try {
            return registry.credential(pskIdentity)
                    .map(c -> c.state().equals("unused"))
                    .orElse(false);
        } catch (StoreException e) {
            Logger.error("EST: enrolment registry unreadable: {}", e.getMessage());
            return false;
        }
    }

    /** Whether a certificate session may use EST: the node is enrolled and not revoked. */
    public boolean mayConnect(NodeId nodeId) {
        try {
            return registry.mayConnect(nodeId);
        } catch (StoreException e) {
            Logger.error("EST: enrolment registry unreadable: {}", e.getMessage());
            return false;
        }
    }

    /** {@code POST /sen} over the bootstrap session of {@code pskIdentity}. */
    public Answer simpleEnrol(String pskIdentity, byte[] csr, Instant now) {
        Optional<Credential> credential;
        try {
            credential = registry.credential(pskIdentity);
        } catch (StoreException e) {
            Logger.error("EST /sen: enrolment registry unreadable: {}", e.getMessage());
            return new Answer.Busy(BUSY_RETRY_SECONDS);
        }
        if (credential.isEmpty() || !credential.get().state().equals("unused")) {
            Logger.warn(
                    "EST /sen refused: credential {} is {}",
                    PeerText.neutralise(pskIdentity),
                    credential.map(Credential::state).orElse("unknown"));
            return new Answer.Refused(ResponseCode.FORBIDDEN, "this enrolment credential was already used or revoked");
        }
        SigningRequest request;
        try {
            request = SigningRequest.verify(csr);
        } catch (RequestRefused e) {
            Logger.warn("EST /sen refused for {}: {}", PeerText.neutralise(pskIdentity), e.getMessage());
            return new Answer.Refused(ResponseCode.BAD_REQUEST, e.getMessage());
        }
        String device = credential.get().device();
        if (device.startsWith("fieldnode-") && !device.equals(request.nodeId().value())) {
            Logger.warn("EST /sen refused: credential of {} used for {}", device, request.nodeId());
            return new Answer.Refused(
                    ResponseCode.FORBIDDEN, "the CSR subject is not the device this credential is for");
        }
        try {
            Optional<EnrolmentRegistry.NodeRecord> known = registry.node(request.nodeId());
            if (known.isPresent() && known.get().isRevoked()) {
                Logger.warn("EST /sen refused: {} is revoked", request.nodeId());
                return new Answer.Refused(ResponseCode.FORBIDDEN, "this node is revoked");
            }
            if (known.isPresent() && !known.get().device().equals(device)) {
                Logger.warn(
                        "EST /sen refused: {} is enrolled as device {}, not {}",
                        request.nodeId(),
                        known.get().device(),
                        device);
                return new Answer.Refused(ResponseCode.FORBIDDEN, "this node id is enrolled for another device");
            }
        } catch (StoreException e) {
            Logger.error("EST /sen: enrolment registry unreadable: {}", e.getMessage());
            return new Answer.Busy(BUSY_RETRY_SECONDS);
        }
        return sign(request, now, certificate -> {
            if (!registry.completeEnrolment(pskIdentity, request.nodeId(), certificate, now)) {
                return Optional.of(new Answer.Refused(
                        ResponseCode.FORBIDDEN, "this enrolment credential was already used or revoked"));
            }
            Logger.info(
                    "Node enrolled: node={} device={} psk.identity={} serial={} notAfter={}",
                    request.nodeId(),
                    device,
                    pskIdentity,
                    certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            return Optional.empty();
        });
    }

    /** {@code POST /sren} over the certificate session of {@code peer}. */
    public Answer simpleReEnrol(NodeId peer, byte[] csr, Instant now) {
        if (!mayConnect(peer)) {
            Logger.warn("EST /sren refused: {} is revoked or unknown", peer);
            return new Answer.Refused(ResponseCode.FORBIDDEN, "this node is revoked");
        }
        SigningRequest request;
        try {
            request = SigningRequest.verify(csr);
        } catch (RequestRefused e) {
            Logger.warn("EST /sren refused for {}: {}", peer, e.getMessage());
            return new Answer.Refused(ResponseCode.BAD_REQUEST, e.getMessage());
        }
        if (!request.nodeId().equals(peer)) {
            Logger.warn("EST /sren refused: {} asked for a certificate of {}", peer, request.nodeId());
            return new Answer.Refused(ResponseCode.FORBIDDEN, "a node may renew only its own certificate");
        }
        return sign(request, now, certificate -> {
            if (!registry.recordRenewal(peer, certificate, now)) {
                return Optional.of(new Answer.Refused(ResponseCode.FORBIDDEN, "this node is revoked"));
            }
            Logger.info(
                    "Node certificate renewed: node={} serial={} notAfter={}",
                    peer,
                    certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            return Optional.empty();
        });
    }

    @FunctionalInterface
    private interface Record {
        /** Records the issued certificate; an answer instead means it must not be handed out. */
        Optional<Answer> record(X509Certificate certificate) throws StoreException;
    }

    private Answer sign(SigningRequest request, Instant now, Record record) {
        if (!signing.tryAcquire()) {
            Logger.info("EST: CA busy, {} told to retry after {} s", request.nodeId(), BUSY_RETRY_SECONDS);
            return new Answer.Busy(BUSY_RETRY_SECONDS);
        }
        try {
            X509Certificate certificate = ca.issueNode(request.publicKey(), request.nodeId(), now);
            Optional<Answer> refused = record.record(certificate);
            if (refused.isPresent()) {
                return refused.get();
            }
            return new Answer.Content(EstContentFormat.PKIX_CERT, certificate.getEncoded());
        } catch (StoreException e) {
            Logger.error("EST: cannot record the certificate of {}: {}", request.nodeId(), e.getMessage());
            return new Answer.Busy(BUSY_RETRY_SECONDS);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate the CA just made cannot be encoded", e);
        } finally {
            signing.release();
        }
    }

    /** How long nodes wait after a 5.03 from a busy CA. */
    public static Duration busyRetry() {
        return Duration.ofSeconds(BUSY_RETRY_SECONDS);
    }
}
