// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The checks node and server certificates share (RFC 5280 §6 path validation via the JDK's PKIX). */
final class CertificateChecks {
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;

    private CertificateChecks() {}

    static String describe(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "' (" + Fingerprint.of(c) + ")";
    }

    /** Validity judged at {@code now}, which the caller takes from a trusted clock (R32). */
    static void requireValid(X509Certificate c, Instant now) throws CertificateRejectedException {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new CertificateRejectedException(
                    Rejection.EXPIRED,
                    describe(c) + " expired at " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRejectedException(
                    Rejection.NOT_YET_VALID,
                    describe(c) + " is valid only from " + c.getNotBefore().toInstant());
        }
    }

    /** The leaf's extended key usage holds {@code purpose}, and key usage (if present) allows signatures. */
    static void requirePurpose(X509Certificate c, String purpose, String purposeName)
            throws CertificateRejectedException {
        List<String> eku;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateRejectedException(Rejection.MALFORMED, describe(c) + " has an unreadable EKU");
        }
        if (eku == null || !eku.contains(purpose)) {
            throw new CertificateRejectedException(
                    Rejection.WRONG_KEY_USAGE, describe(c) + " lacks the " + purposeName + " extended key usage");
        }
        boolean[] keyUsage = c.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE]) {
            // RFC 7925 §4.4.2 / RFC 8422 §5.6: ECDHE_ECDSA needs an ECDSA-capable (digitalSignature) key.
            throw new CertificateRejectedException(
                    Rejection.WRONG_KEY_USAGE, describe(c) + " key usage lacks digitalSignature");
        }
    }

    /** The common names in the subject. */
    static List<String> commonNames(X509Certificate c) {
        X500Name name = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        return java.util.Arrays.stream(name.getRDNs(BCStyle.CN))
                .map(RDN::getFirst)
                .map(a -> IETFUtils.valueToString(a.getValue()))
                .toList();
    }

    /**
     * Validates {@code chain} (leaf first) to one of {@code anchors} at {@code now}. Revocation is left to the
     * collector (R17: short-lived certificates; the collector refuses revoked nodes).
     */
    static void requireChainsTo(List<X509Certificate> chain, List<X509Certificate> anchors, Instant now)
            throws CertificateRejectedException {
        X509Certificate leaf = chain.get(0);
        if (anchors.isEmpty()) {
            throw new CertificateRejectedException(
                    Rejection.UNTRUSTED_ISSUER, describe(leaf) + ": no trust anchor accepted yet");
        }
        for (X509Certificate c : chain) {
            requireValid(c, now);
        }
        List<X509Certificate> path = chain.stream()
                .filter(c -> anchors.stream().noneMatch(a -> a.equals(c)))
                .toList();
        if (path.isEmpty()) {
            throw new CertificateRejectedException(
                    Rejection.UNTRUSTED_ISSUER, describe(leaf) + " is a trust anchor, not an end-entity certificate");
        }
        try {
            Set<TrustAnchor> trust =
                    anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
            PKIXParameters params = new PKIXParameters(trust);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw new CertificateRejectedException(
                    Rejection.UNTRUSTED_ISSUER,
                    describe(leaf) + " issued by '"
                            + leaf.getIssuerX500Principal().getName() + "' does not chain to a current trust anchor "
                            + anchorNames(anchors));
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new CertificateRejectedException(
                    Rejection.MALFORMED, describe(leaf) + ": " + e.getClass().getSimpleName());
        }
    }

    private static List<String> anchorNames(List<X509Certificate> anchors) {
        return anchors.stream().map(a -> Fingerprint.of(a).toString()).toList();
    }
}
