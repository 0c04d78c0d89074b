// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.fieldnode.security.identity.NodeId;

/**
 * Checks the certificate the CA returned from EST {@code /sen} or {@code /sren} (RFC 9148 §5, SECURITY R5)
 * before the node stores or uses it. In order: it holds the node's own public key, its subject is exactly one
 * {@code CN=<node id>}, it carries the clientAuth extended key usage, every certificate of the chain is within
 * its validity at {@code now}, and the chain ends at a current trust anchor.
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
}
