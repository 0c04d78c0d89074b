// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.fieldnode.security.identity.NodeId;

/**
 * The checks of a node's certificate, on both ends; the chain to an anchor is built and validated the same way as the
 * collector's chain in {@link ServerCertificateCheck} (RFC 5280 §6).
 *
 * <ul>
 *   <li>On the node, {@link #verify} checks the certificate the CA returned from EST {@code /sen} or {@code /sren}
 *       (RFC 9148 §5, SECURITY R5) before the node stores or uses it. In order: it holds the node's own public key,
 *       its subject is exactly one {@code CN=<node id>}, it carries the clientAuth extended key usage, every
 *       certificate of the chain is within its validity at {@code now}, and the chain ends at a current trust
 *       anchor.
 *   <li>On the collector, {@link #identify} checks the client certificate a node presents in the DTLS handshake
 *       and names the node from it, never from a payload (R16): the chain validates to the collector's CA at {@code
 *       now}, the certificate carries clientAuth, and its subject is exactly {@code CN=<node id>}. Whether that node
 *       may connect with that serial (not revoked, R17; not superseded, R20) is the collector's registry to say.
 * </ul>
 */
public final class NodeCertificateCheck {
    private NodeCertificateCheck() {}

    /**
     * @param chain the returned certificate first, then any intermediates
     * @param now from a trusted clock (R32)
     * @throws CertificateRejectedException with the first failing check as its reason
     */
    public static void verify(
            List<X509Certificate> chain, NodeId nodeId, PublicKey nodeKey, TrustAnchors anchors, Instant now)
            throws CertificateRejectedException {
        if (chain.isEmpty()) {
            throw new CertificateRejectedException(Rejection.MALFORMED, "no certificate returned");
        }
        X509Certificate leaf = chain.get(0);
        if (!leaf.getPublicKey().equals(nodeKey)) {
            throw new CertificateRejectedException(
                    Rejection.WRONG_KEY,
                    CertificateChecks.describe(leaf) + " certifies another public key than this node's");
        }
        List<String> cns = CertificateChecks.commonNames(leaf);
        if (!cns.equals(List.of(nodeId.value()))) {
            throw new CertificateRejectedException(
                    Rejection.WRONG_SUBJECT,
                    CertificateChecks.describe(leaf) + " is not issued to CN=" + nodeId.value());
        }
        CertificateChecks.requirePurpose(leaf, CertificateChecks.CLIENT_AUTH, "clientAuth");
        CertificateChecks.requireChainsTo(chain, anchors.anchors(), now);
    }

    /**
     * The node a client certificate authenticates (SECURITY R16).
     *
     * @param chain as the node sent it, its certificate first
     * @param anchors the CA certificates the collector issues node certificates with
     * @param now the collector's clock
     * @return the node id of the certificate's subject
     * @throws CertificateRejectedException with the first failing check as its reason: the chain, then clientAuth,
     *     then the subject
     */
    public static NodeId identify(List<X509Certificate> chain, List<X509Certificate> anchors, Instant now)
            throws CertificateRejectedException {
        if (chain.isEmpty()) {
            throw new CertificateRejectedException(Rejection.MALFORMED, "no X.509 certificate");
        }
        X509Certificate leaf = chain.get(0);
        CertificateChecks.requireChainsTo(chain, anchors, now);
        CertificateChecks.requirePurpose(leaf, CertificateChecks.CLIENT_AUTH, "clientAuth");
        return nodeId(leaf)
                .orElseThrow(() -> new CertificateRejectedException(
                        Rejection.WRONG_SUBJECT, CertificateChecks.describe(leaf) + " names no node id"));
    }

    /**
     * The node id of a certificate whose subject is exactly one CN, single-valued, holding a node id; empty for any
     * other subject. It names the peer of a session whose chain {@link #identify} accepted.
     */
    public static Optional<NodeId> nodeId(X509Certificate certificate) {
        X500Name name =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] all = name.getRDNs();
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (all.length != 1 || cns.length != 1 || cns[0].isMultiValued()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new NodeId(IETFUtils.valueToString(cns[0].getFirst().getValue())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
