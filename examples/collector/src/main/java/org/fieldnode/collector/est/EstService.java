// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.collector.CertificateAuthentication.SupersededSessions;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.IdentityNamespace;
import org.fieldnode.collector.ca.SigningRequest;
import org.fieldnode.collector.ca.SigningRequest.RequestRefused;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.enrol.EstPayloads;
import org.fieldnode.security.event.PeerText;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.NodeId;
import org.tinylog.Logger;

/**
 * The EST-coaps server logic (RFC 9148), apart from CoAP: what {@code /crts}, {@code /sen} and {@code /sren}
 * answer for an authenticated peer. Handlers return an {@link Answer} instead of throwing; {@link EstResources}
 * only translates it. Diagnostics are one sentence and carry no internal detail (SECURITY R36).
 *
 * <ul>
 *   <li>{@code /sen}: only over a bootstrap PSK session whose credential can still enrol: unused and not expired
 *       (a used, revoked, replaced or expired bundle is answered 4.03 with the sentence its node logs, R4); the
 *       CSR must verify ({@link SigningRequest}); the node id it asks for must be free in the one identity
 *       namespace ({@link IdentityNamespace}, R8): the id the bundle was issued for, or, for a bundle issued by
 *       device name, an id no PSK node, other device or other bundle holds; a revoked node id is refused. On success
 *       the credential is marked used in the same transaction that records the node (R4).
 *   <li>{@code /sren}: only over a certificate session of an enrolled, unrevoked node with its current certificate
 *       (R6, R17, R20), for the same node id. The new certificate supersedes the old one at once: only its serial
 *       is accepted from then on, and the old certificate's sessions are ended (R20).
 *   <li>At most {@code signingSlots} requests are signed at once; beyond that the answer is 5.03 with Max-Age
 *       {@value #BUSY_RETRY_SECONDS} s (RFC 9148 §5.7).
 * </ul>
 *
 * Refusals, enrolments and renewals are security events (R29).
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
    private final IdentityNamespace namespace;
    private final CollectorEvents events;
    private final Semaphore signing;
    private volatile SupersededSessions superseded = (nodeId, current) -> {};

    /**
     * @param namespace the one identity namespace every enrolment and renewal is checked in (R8)
     * @param signingSlots concurrent signings allowed before 5.03 (0 makes the CA always busy: tests)
     */
    public EstService(
            CollectorCa ca,
            EnrolmentRegistry registry,
            IdentityNamespace namespace,
            CollectorEvents events,
            int signingSlots) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.events = Objects.requireNonNull(events, "events");
        if (signingSlots < 0) {
            throw new IllegalArgumentException("signingSlots must be >= 0, got " + signingSlots);
        }
        this.signing = new Semaphore(signingSlots);
    }

    /** How the sessions of a certificate a renewal superseded are ended (R20); set when the server is built. */
    void onSuperseded(SupersededSessions sessions) {
        this.superseded = Objects.requireNonNull(sessions, "sessions");
    }

    /** Records an authentication failure (rate-limited). */
    void authenticationFailed(String node, String detail) {
        events.record(SecurityEventCode.AUTHENTICATION_FAILED, node, detail);
    }

    /** {@code GET /crts}: the CA certificate as a certs-only message (281). */
    public Answer caCertificates() {
        return new Answer.Content(
                EstContentFormat.PKCS7_CERTS_ONLY, EstPayloads.encodeCertsOnly(List.of(ca.certificate())));
    }

    /**
     * Whether a PSK session is an enrolment credential's (whatever its state: a used or expired one completes the
     * handshake so that its node can be told why it is refused).
     */
    public boolean isEnrolmentCredential(String pskIdentity) {
        try {
            return registry.credential(pskIdentity).isPresent();
        } catch (StoreException e) {
            Logger.error("EST: enrolment registry unreadable: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Why the enrolment credential {@code pskIdentity} may not use EST at {@code now} (used, revoked, replaced,
     * expired, unknown), as one sentence for its node; empty when it may.
     */
    public Optional<String> bootstrapRefusal(String pskIdentity, Instant now) {
        try {
            return registry.credential(pskIdentity)
                    .map(c -> c.refusalAt(now))
                    .orElse(Optional.of("this bundle is not known to this collector: ask for a new one"));
        } catch (StoreException e) {
            Logger.error("EST: enrolment registry unreadable: {}", e.getMessage());
            return Optional.of("the collector cannot check this bundle now: try again later");
        }
    }

    /**
     * Whether a certificate session may use EST and report: the node is enrolled, not revoked, and {@code serial} is
     * its current certificate (R17, R20).
     */
    public boolean mayConnect(NodeId nodeId, BigInteger serial) {
        try {
            return registry.mayConnect(nodeId, serial);
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
        Optional<String> spent = credential.isEmpty()
                ? Optional.of("this bundle is not known to this collector: ask for a new one")
                : credential.get().refusalAt(now);
        if (spent.isPresent()) {
            Logger.warn("EST /sen refused for credential {}: {}", PeerText.neutralise(pskIdentity), spent.get());
            authenticationFailed(null, "/sen with enrolment credential " + pskIdentity + " refused: " + spent.get());
            return new Answer.Refused(ResponseCode.FORBIDDEN, spent.get());
        }
        SigningRequest request;
        try {
            request = SigningRequest.verify(csr);
        } catch (RequestRefused e) {
            Logger.warn("EST /sen refused for {}: {}", PeerText.neutralise(pskIdentity), e.getMessage());
            return new Answer.Refused(ResponseCode.BAD_REQUEST, e.getMessage());
        }
        String device = credential.get().device();
        try {
            Optional<EnrolmentRegistry.NodeRecord> known = registry.node(request.nodeId());
            if (known.isPresent() && known.get().isRevoked()) {
                Logger.warn("EST /sen refused: {} is revoked", request.nodeId());
                authenticationFailed(request.nodeId().value(), "/sen for a revoked node id refused");
                return new Answer.Refused(ResponseCode.FORBIDDEN, "this node is revoked");
            }
            Optional<String> conflict = namespace.enrolmentConflict(device, request.nodeId());
            if (conflict.isPresent()) {
                Logger.warn(
                        "EST /sen refused: the bundle of device {} ({}) asked for {}: {}",
                        device,
                        pskIdentity,
                        request.nodeId(),
                        conflict.get());
                events.record(
                        SecurityEventCode.IDENTITY_CONFLICT,
                        request.nodeId().value(),
                        "/sen with the bundle of device " + device + " (" + pskIdentity + ") refused: "
                                + conflict.get());
                return new Answer.Refused(ResponseCode.FORBIDDEN, conflict.get());
            }
        } catch (StoreException e) {
            Logger.error("EST /sen: enrolment registry unreadable: {}", e.getMessage());
            return new Answer.Busy(BUSY_RETRY_SECONDS);
        }
        return sign(request, now, certificate -> {
            if (!registry.completeEnrolment(pskIdentity, request.nodeId(), certificate, now)) {
                return Optional.of(
                        new Answer.Refused(ResponseCode.FORBIDDEN, "this bundle was already used: ask for a new one"));
            }
            String serial = certificate.getSerialNumber().toString(16);
            Logger.info(
                    "Node enrolled: node={} device={} psk.identity={} serial={} notAfter={}",
                    request.nodeId(),
                    device,
                    pskIdentity,
                    serial,
                    certificate.getNotAfter().toInstant());
            events.record(
                    SecurityEventCode.ENROLLED,
                    request.nodeId().value(),
                    "device=" + device + " psk.identity=" + pskIdentity + " serial=" + serial + " notAfter="
                            + certificate.getNotAfter().toInstant());
            return Optional.empty();
        });
    }

    /** {@code POST /sren} over the session of {@code peer}'s certificate with serial {@code serial}. */
    public Answer simpleReEnrol(NodeId peer, BigInteger serial, byte[] csr, Instant now) {
        if (!mayConnect(peer, serial)) {
            Logger.warn("EST /sren refused: {} is revoked or unknown, or its certificate was superseded", peer);
            authenticationFailed(peer.value(), "/sren with a revoked, unknown or superseded certificate refused");
            return new Answer.Refused(
                    ResponseCode.FORBIDDEN, "this certificate is revoked or was superseded by a renewal");
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
            events.record(
                    SecurityEventCode.IDENTITY_CONFLICT,
                    peer.value(),
                    "/sren asked for a certificate of " + request.nodeId() + "; refused");
            return new Answer.Refused(ResponseCode.FORBIDDEN, "a node may renew only its own certificate");
        }
        Optional<String> conflict = namespace.renewalConflict(peer);
        if (conflict.isPresent()) {
            Logger.warn("EST /sren refused for {}: {}", peer, conflict.get());
            events.record(SecurityEventCode.IDENTITY_CONFLICT, peer.value(), "/sren refused: " + conflict.get());
            return new Answer.Refused(ResponseCode.FORBIDDEN, conflict.get());
        }
        return sign(request, now, certificate -> {
            if (!registry.recordRenewal(peer, serial, certificate, now)) {
                return Optional.of(new Answer.Refused(
                        ResponseCode.FORBIDDEN, "this certificate is revoked or was superseded by a renewal"));
            }
            String renewed = certificate.getSerialNumber().toString(16);
            Logger.info(
                    "Node certificate renewed: node={} serial={} (supersedes {}) notAfter={}",
                    peer,
                    renewed,
                    serial.toString(16),
                    certificate.getNotAfter().toInstant());
            events.record(
                    SecurityEventCode.RENEWED,
                    peer.value(),
                    "serial=" + renewed + " supersedes=" + serial.toString(16) + " notAfter="
                            + certificate.getNotAfter().toInstant());
            superseded.supersede(peer.value(), certificate.getSerialNumber());
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
