// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The CA certificates the node trusts, and the fingerprint they must match (SECURITY R5, R7).
 *
 * <p>The pin comes only from the provisioning bundle ({@link #repin}); the anchor certificate comes only from an
 * EST {@code /crts} response (RFC 9148 §5.3) and is accepted only when its SHA-256 fingerprint equals the pin
 * ({@link #acceptCaCertificates}). Every change is logged at info with fingerprints only. Thread-safe.
 */
public final class TrustAnchors {
    /** Where a change came from, for the log and the security event record. */
    public enum Source {
        PROVISIONING_BUNDLE("provisioning-bundle"),
        EST_CRTS("est-crts"),
        KEYSTORE("keystore");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Fingerprint pinned;
    private List<X509Certificate> anchors;

    private TrustAnchors(Fingerprint pinned, List<X509Certificate> anchors) {
        this.pinned = pinned;
        this.anchors = anchors;
    }

    /** Only a pin, no anchor yet: the state right after importing a provisioning bundle. */
    public static TrustAnchors pinned(Fingerprint pinned) {
        return new TrustAnchors(Objects.requireNonNull(pinned, "pinned"), List.of());
    }

    /**
     * The state restored from the keystore: a pin and the anchors accepted earlier.
     *
     * @throws IllegalArgumentException when an anchor does not match the pin (the store was tampered with)
     */
    public static TrustAnchors restored(Fingerprint pinned, List<X509Certificate> anchors) {
        for (X509Certificate anchor : anchors) {
            if (!pinned.matches(anchor)) {
                throw new IllegalArgumentException(
                        "stored trust anchor " + Fingerprint.of(anchor) + " does not match the pinned " + pinned);
            }
        }
        return new TrustAnchors(pinned, List.copyOf(anchors));
    }

    public synchronized Fingerprint pin() {
        return pinned;
    }

    /** The current anchors; empty until a {@code /crts} response matched the pin. */
    public synchronized List<X509Certificate> anchors() {
        return anchors;
    }

    /** The anchor, if one was accepted. */
    public synchronized Optional<X509Certificate> anchor() {
        return anchors.stream().findFirst();
    }

    /**
     * Accepts the CA set of an EST {@code /crts} response: the certificate whose fingerprint is the pin becomes
     * the anchor, provided it is a CA certificate valid at {@code now}.
     *
     * @return the accepted anchor
     * @throws CertificateRejectedException {@link Rejection#CA_NOT_PINNED} when no certificate matches the pin
     */
    public X509Certificate acceptCaCertificates(List<X509Certificate> caSet, Instant now)
            throws CertificateRejectedException {
        Fingerprint pin = pin();
        X509Certificate match = caSet.stream()
                .filter(pin::matches)
                .findFirst()
                .orElseThrow(() -> new CertificateRejectedException(
                        Rejection.CA_NOT_PINNED,
                        "none of the " + caSet.size() + " CA certificate(s) offered " + fingerprints(caSet)
                                + " matches the pinned " + pin));
        if (match.getBasicConstraints() < 0) {
            throw new CertificateRejectedException(
                    Rejection.MALFORMED, "pinned certificate " + pin + " is not a CA certificate");
        }
        CertificateChecks.requireValid(match, now);
        replace(List.of(match), Source.EST_CRTS);
        return match;
    }

    /**
     * Replaces the pin from a newly imported provisioning bundle. Anchors that do not match the new pin are
     * dropped; the next {@code /crts} fetches the new CA.
     */
    public synchronized void repin(Fingerprint newPin) {
        Objects.requireNonNull(newPin, "newPin");
        if (newPin.equals(pinned)) {
            return;
        }
        Fingerprint old = pinned;
        pinned = newPin;
        Logger.info("trust anchor pin changed: source={} old={} new={}", Source.PROVISIONING_BUNDLE, old, newPin);
        replace(anchors.stream().filter(newPin::matches).toList(), Source.PROVISIONING_BUNDLE);
    }

    private synchronized void replace(List<X509Certificate> next, Source source) {
        List<X509Certificate> removed = new ArrayList<>(anchors);
        removed.removeAll(next);
        List<X509Certificate> added = new ArrayList<>(next);
        added.removeAll(anchors);
        anchors = List.copyOf(next);
        if (!added.isEmpty() || !removed.isEmpty()) {
            Logger.info(
                    "trust anchors changed: source={} added={} removed={} pin={}",
                    source,
                    fingerprints(added),
                    fingerprints(removed),
                    pinned);
        }
    }

    private static List<String> fingerprints(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> Fingerprint.of(c).toString()).toList();
    }

    @Override
    public synchronized String toString() {
        return "TrustAnchors[pin=" + pinned + ", anchors=" + fingerprints(anchors) + "]";
    }
}
