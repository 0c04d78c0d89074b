// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Strict server authentication for the DTLS layer (SECURITY R15, RFC 7925 §4.4.1): the collector's chain must end
 * at a current (pinned) trust anchor, every certificate must be within its validity, the leaf must carry the
 * serverAuth extended key usage, and a subjectAltName must match the name the node connected to — a dNSName
 * compared case-insensitively (no wildcards), or an iPAddress when the node connected to an address literal. The
 * subject CN is not consulted (RFC 6125 §6.4.4).
 */
public final class ServerCertificateCheck {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ServerCertificateCheck() {}

    /**
     * @param chain as the server sent it, leaf first
     * @param expectedName the host name or address literal of the collector URI
     * @param now from a trusted clock (R32)
     * @throws CertificateRejectedException with the first failing check as its reason
     */
    public static void verify(List<X509Certificate> chain, String expectedName, TrustAnchors anchors, Instant now)
            throws CertificateRejectedException {
        if (chain.isEmpty()) {
            throw new CertificateRejectedException(Rejection.MALFORMED, "the server sent no certificate");
        }
        X509Certificate leaf = chain.get(0);
        CertificateChecks.requireChainsTo(chain, anchors.anchors(), now);
        CertificateChecks.requirePurpose(leaf, CertificateChecks.SERVER_AUTH, "serverAuth");
        if (!namesMatch(leaf, expectedName)) {
            throw new CertificateRejectedException(
                    Rejection.NAME_MISMATCH, CertificateChecks.describe(leaf) + " is not issued for " + expectedName);
        }
    }

    private static boolean namesMatch(X509Certificate leaf, String expectedName) throws CertificateRejectedException {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateRejectedException(
                    Rejection.MALFORMED, CertificateChecks.describe(leaf) + " has an unreadable subjectAltName");
        }
        if (names == null) {
            return false;
        }
        String host = expectedName.startsWith("[") && expectedName.endsWith("]")
                ? expectedName.substring(1, expectedName.length() - 1)
                : expectedName;
        boolean literal = IPV4.matcher(host).matches() || host.contains(":");
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            String value = String.valueOf(name.get(1));
            if (!literal && type == SAN_DNS && value.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                return true;
            }
            if (literal && type == SAN_IP && sameAddress(value, host)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            // Both are address literals, so no name lookup happens.
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
