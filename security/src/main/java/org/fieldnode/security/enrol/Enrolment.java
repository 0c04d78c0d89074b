// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.enrol.EstPayloads.EstPayloadException;
import org.fieldnode.security.enrol.SecurityState.Phase;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.event.TimeQuality;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.retry.Backoff;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.trust.CertificateRejectedException;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.NodeCertificateCheck;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * The enrolment state machine (SECURITY R3–R7, R31, R32; RFC 9148):
 *
 * <pre>
 * BOOTSTRAP ──(bundle PSK)──► ENROLLING: /crts (pin check) → new P-256 key → CSR → /sen → checks ──► OK
 *     ▲                                                                                           │ 2/3 of lifetime
 *     └── factory reset                              OK ◄── checks ◄── /sren ◄── new key ◄── RENEWING
 * any failure: exponential backoff with jitter, DEGRADED(reason); 5.03: wait at least Max-Age
 * 4.03 to the bundle's session (used, revoked, expired bundle): DEGRADED(bundle-refused), the reason logged once
 * </pre>
 *
 * <p>Driving: the owner calls {@link #step()} and calls again after the returned delay, measured on a monotonic
 * timer. The wall clock ({@link InstantSource}) is used only to judge certificate validity and renewal time, and
 * only while {@link ClockTrust} trusts it. The bootstrap PSK is deleted after a successful enrolment (R4); each
 * renewal uses a new key pair and the old one is overwritten in the keystore (R6); an expired certificate is
 * never handed out ({@link #usableIdentity()}). Every transition is a {@link SecurityEvent} (R29). Thread-safe.
 */
public final class Enrolment {
    private final NodeId nodeId;
    private final NodeCredentials credentials;
    private final EstTransport transport;
    private final InstantSource clock;
    private final ClockTrust clockTrust;
    private final SecurityEventLog events;
    private final EnrolmentPolicy policy;
    private final Backoff backoff;
    private final RandomGenerator random;

    private DeviceIdentity identity;
    private Phase phase;
    private final Set<DegradedReason> reasons = EnumSet.noneOf(DegradedReason.class);
    private int failures;
    private int refusals;
    private String bundleRefusal; // what the collector last said when it refused the bundle, logged once
    private String bootstrapIdentity = "-"; // the PSK identity of the bundle being enrolled with

    /**
     * @param random jitter source (seeded in tests; a plain generator is enough: jitter is not a secret)
     * @throws KeystoreException when the stored identity cannot be read
     */
    public Enrolment(
            NodeId nodeId,
            NodeCredentials credentials,
            EstTransport transport,
            InstantSource clock,
            ClockTrust clockTrust,
            SecurityEventLog events,
            EnrolmentPolicy policy,
            RandomGenerator random)
            throws KeystoreException {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockTrust = Objects.requireNonNull(clockTrust, "clockTrust");
        this.events = Objects.requireNonNull(events, "events");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = policy.backoff();
        this.identity = credentials.identity(nodeId).orElse(null);
        this.phase = identity == null ? Phase.BOOTSTRAP : Phase.OK;
    }

    /** The current state, for {@code status} and health reports (R31). */
    public synchronized SecurityState state() {
        return SecurityState.of(phase, reasons);
    }

    /**
     * The identity to authenticate DTLS with, only while its certificate is valid on a trusted clock; empty in
     * BOOTSTRAP and after expiry, so the node sends no reading then (R3, R6).
     */
    public synchronized Optional<DeviceIdentity> usableIdentity() {
        Instant now = clock.instant();
        if (identity == null || !clockTrust.trusted(now) || !identity.isValidAt(now)) {
            return Optional.empty();
        }
        return Optional.of(identity);
    }

    /** When renewal of {@code certificate} is due: 2/3 of the way from notBefore to notAfter (R6). */
    public static Instant renewalDue(X509Certificate certificate) {
        Instant from = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(from, certificate.getNotAfter().toInstant());
        return from.plus(lifetime.multipliedBy(2).dividedBy(3));
    }

    /**
     * Does whatever is due now — enrol, renew, or nothing — and returns how long to wait before calling again.
     * Never throws for network, peer or certificate problems: they become DEGRADED reasons and a backoff.
     */
    public synchronized Duration step() {
        Instant now = clock.instant();
        if (!clockTrust.trusted(now)) {
            if (reasons.add(DegradedReason.CLOCK_UNSYNCHRONISED)) {
                record(SecurityEventCode.CLOCK_UNTRUSTED, "wall clock " + now + " not trusted; waiting");
            }
            return policy.idleRecheck();
        }
        reasons.remove(DegradedReason.CLOCK_UNSYNCHRONISED);
        try {
            if (identity != null && !now.isBefore(identity.notAfter())) {
                return expired(now);
            }
            if (identity == null) {
                return enrol(now);
            }
            Instant due = renewalDue(identity.certificate());
            if (now.isBefore(due)) {
                phase = Phase.OK;
                return min(Duration.between(now, due), policy.maxSleep());
            }
            return renew(now);
        } catch (KeystoreException e) {
            reasons.add(DegradedReason.SELF_TEST_FAILED);
            record(SecurityEventCode.INTEGRITY_FAILURE, e.getMessage());
            return backoff.delay(++failures, random);
        }
    }

    private Duration expired(Instant now) throws KeystoreException {
        if (reasons.add(DegradedReason.CERTIFICATE_EXPIRED)) {
            reasons.remove(DegradedReason.CERTIFICATE_EXPIRING);
            record(
                    SecurityEventCode.CERTIFICATE_EXPIRED,
                    "certificate expired at " + identity.notAfter()
                            + "; the node sends nothing until it is re-provisioned");
        }
        if (credentials.enrolmentCredential().isPresent()) {
            // A new provisioning bundle was imported: start over from BOOTSTRAP.
            identity = null;
            reasons.remove(DegradedReason.CERTIFICATE_EXPIRED);
            return enrol(now);
        }
        phase = Phase.BOOTSTRAP;
        return policy.idleRecheck();
    }

    private Duration enrol(Instant now) throws KeystoreException {
        Optional<PskCredential> psk = credentials.enrolmentCredential();
        Optional<TrustAnchors> trust = credentials.trustAnchors();
        if (psk.isEmpty() || trust.isEmpty()) {
            phase = Phase.BOOTSTRAP;
            return policy.idleRecheck();
        }
        phase = Phase.ENROLLING;
        bootstrapIdentity = psk.get().identity();
        record(
                SecurityEventCode.ENROLMENT_STARTED,
                "psk.identity=" + psk.get().identity() + " pin=" + trust.get().pin());
        EstCredential.Bootstrap session = new EstCredential.Bootstrap(psk.get());
        try {
            EstResponse crts = transport.caCertificates(session);
            if (!(crts instanceof EstResponse.Content caSet)) {
                return notIssued(crts, Phase.BOOTSTRAP, DegradedReason.ENROLMENT_FAILING, "/crts");
            }
            expectFormat(caSet, EstContentFormat.PKCS7_CERTS_ONLY, "/crts");
            Optional<X509Certificate> before = trust.get().anchor();
            X509Certificate anchor =
                    trust.get().acceptCaCertificates(EstPayloads.decodeCertsOnly(caSet.payload()), now);
            credentials.saveTrust(trust.get());
            if (before.isEmpty() || !before.get().equals(anchor)) {
                record(SecurityEventCode.TRUST_ANCHOR_CHANGED, "source=est-crts anchor=" + Fingerprint.of(anchor));
            }

            KeyPair keys = NodeKeys.generate();
            EstResponse issued = transport.simpleEnrol(CertificateRequest.create(nodeId, keys), session);
            if (!(issued instanceof EstResponse.Content content)) {
                return notIssued(issued, Phase.BOOTSTRAP, DegradedReason.ENROLMENT_FAILING, "/sen");
            }
            DeviceIdentity enrolled = accept(content, keys, trust.get(), now);
            credentials.completeEnrolment(enrolled);
            identity = enrolled;
            succeeded();
            record(SecurityEventCode.ENROLLED, "subject=" + subjectOf(enrolled) + " notAfter=" + enrolled.notAfter());
            record(
                    SecurityEventCode.ENROLMENT_CREDENTIAL_DELETED,
                    "psk.identity=" + psk.get().identity());
            return min(Duration.between(now, renewalDue(enrolled.certificate())), policy.maxSleep());
        } catch (IOException | EstPayloadException | CertificateRejectedException e) {
            return failed(e, Phase.BOOTSTRAP, DegradedReason.ENROLMENT_FAILING, SecurityEventCode.ENROLMENT_FAILED);
        } finally {
            psk.get().destroy();
        }
    }

    private Duration renew(Instant now) throws KeystoreException {
        Optional<TrustAnchors> trust = credentials.trustAnchors();
        if (trust.isEmpty()) {
            reasons.add(DegradedReason.CERTIFICATE_EXPIRING);
            record(SecurityEventCode.RENEWAL_FAILED, "no trust anchor in the keystore");
            return backoff.delay(++failures, random);
        }
        phase = Phase.RENEWING;
        record(SecurityEventCode.RENEWAL_STARTED, "current notAfter=" + identity.notAfter());
        try {
            KeyPair keys = NodeKeys.generate();
            EstResponse issued = transport.simpleReEnrol(
                    CertificateRequest.create(nodeId, keys), new EstCredential.Enrolled(identity));
            if (!(issued instanceof EstResponse.Content content)) {
                return notIssued(issued, Phase.OK, DegradedReason.CERTIFICATE_EXPIRING, "/sren");
            }
            DeviceIdentity renewed = accept(content, keys, trust.get(), now);
            credentials.completeEnrolment(renewed);
            identity = renewed;
            succeeded();
            record(SecurityEventCode.RENEWED, "subject=" + subjectOf(renewed) + " notAfter=" + renewed.notAfter());
            return min(Duration.between(now, renewalDue(renewed.certificate())), policy.maxSleep());
        } catch (IOException | EstPayloadException | CertificateRejectedException e) {
            return failed(e, Phase.OK, DegradedReason.CERTIFICATE_EXPIRING, SecurityEventCode.RENEWAL_FAILED);
        }
    }

    private DeviceIdentity accept(EstResponse.Content content, KeyPair keys, TrustAnchors trust, Instant now)
            throws EstPayloadException, CertificateRejectedException {
        List<X509Certificate> chain = switch (content.contentFormat()) {
            case EstContentFormat.PKIX_CERT -> List.of(EstPayloads.decodeCertificate(content.payload()));
            case EstContentFormat.PKCS7_CERTS_ONLY -> leafFirst(EstPayloads.decodeCertsOnly(content.payload()), keys);
            default ->
                throw new EstPayloadException("unexpected content format " + content.contentFormat() + "; expected "
                        + EstContentFormat.PKIX_CERT);
        };
        try {
            NodeCertificateCheck.verify(chain, nodeId, keys.getPublic(), trust, now);
        } catch (CertificateRejectedException e) {
            record(SecurityEventCode.CERTIFICATE_REJECTED, e.getMessage());
            throw e;
        }
        return new DeviceIdentity(nodeId, keys, chain);
    }

    private static List<X509Certificate> leafFirst(List<X509Certificate> certificates, KeyPair keys) {
        List<X509Certificate> out = new ArrayList<>(certificates);
        out.sort((a, b) -> Boolean.compare(
                !a.getPublicKey().equals(keys.getPublic()), !b.getPublicKey().equals(keys.getPublic())));
        return out;
    }

    private static void expectFormat(EstResponse.Content content, int format, String resource)
            throws EstPayloadException {
        if (content.contentFormat() != format) {
            throw new EstPayloadException(
                    resource + " answered in content format " + content.contentFormat() + "; expected " + format);
        }
    }

    private Duration notIssued(EstResponse response, Phase fallback, DegradedReason reason, String resource) {
        if (response instanceof EstResponse.TryLater later) {
            phase = fallback;
            Duration wait = min(later.retryAfter(), policy.maxRetryAfter());
            Logger.info("EST {} busy (5.03): retrying after Max-Age {}", resource, wait);
            // RFC 9148 §5.7: wait at least Max-Age; a little jitter above it spreads a village of nodes.
            return wait.plusMillis(random.nextLong(1 + Math.max(1, wait.toMillis() / 10)));
        }
        EstResponse.Refused refused = (EstResponse.Refused) response;
        if (fallback == Phase.BOOTSTRAP && refused.code().equals("4.03")) {
            return bundleRefused(resource, refused.diagnostic());
        }
        if (++refusals >= policy.authFailuresForDegraded()) {
            reasons.add(DegradedReason.REPEATED_AUTH_FAILURES);
        }
        record(
                SecurityEventCode.AUTHENTICATION_FAILED,
                resource + " refused: " + refused.code() + " " + refused.diagnostic());
        return failed(
                new IOException(resource + " refused with " + refused.code()),
                fallback,
                reason,
                fallback == Phase.BOOTSTRAP ? SecurityEventCode.ENROLMENT_FAILED : SecurityEventCode.RENEWAL_FAILED);
    }

    /**
     * The collector refused the bundle's credential itself (4.03 on its session): retrying cannot help until a new
     * bundle is imported, so the reason is logged once, as the collector's one sentence, and the node backs off.
     */
    private Duration bundleRefused(String resource, String diagnostic) {
        phase = Phase.BOOTSTRAP;
        reasons.add(DegradedReason.BUNDLE_REFUSED);
        reasons.remove(DegradedReason.ENROLMENT_FAILING);
        String sentence = diagnostic.isBlank() ? "the collector refused this bundle: ask for a new one" : diagnostic;
        String refusal = bootstrapIdentity + " " + sentence;
        Duration delay = backoff.delay(++failures, random);
        if (!refusal.equals(bundleRefusal)) {
            bundleRefusal = refusal;
            Logger.error("The collector refused the provisioning bundle: {}", sentence);
            record(SecurityEventCode.ENROLMENT_FAILED, resource + " refused: 4.03 " + sentence);
        } else {
            Logger.debug("Bundle still refused ({}); retry in {}", sentence, delay);
        }
        return delay;
    }

    private Duration failed(Exception e, Phase fallback, DegradedReason reason, SecurityEventCode code) {
        phase = fallback;
        reasons.add(reason);
        Duration delay = backoff.delay(++failures, random);
        record(code, e.getMessage() + "; attempt " + failures + ", retry in " + delay);
        return delay;
    }

    private void succeeded() {
        phase = Phase.OK;
        failures = 0;
        refusals = 0;
        bundleRefusal = null;
        reasons.removeAll(EnumSet.of(
                DegradedReason.BUNDLE_REFUSED,
                DegradedReason.ENROLMENT_FAILING,
                DegradedReason.CERTIFICATE_EXPIRING,
                DegradedReason.CERTIFICATE_EXPIRED,
                DegradedReason.REPEATED_AUTH_FAILURES,
                DegradedReason.SELF_TEST_FAILED));
    }

    private void record(SecurityEventCode code, String detail) {
        Instant now = clock.instant();
        TimeQuality quality = clockTrust.trusted(now) ? TimeQuality.SYNCHRONISED : TimeQuality.UNSYNCHRONISED;
        events.record(new SecurityEvent(now, quality, nodeId.value(), code, detail));
    }

    private static String subjectOf(DeviceIdentity identity) {
        return identity.certificate().getSubjectX500Principal().getName();
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isNegative() ? Duration.ZERO : m;
    }

    @Override
    public synchronized String toString() {
        return "Enrolment[node=" + nodeId + ", state=" + state() + "]";
    }
}
