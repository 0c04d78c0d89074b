// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.cert.CertPath;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.fieldnode.security.event.PeerText;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.trust.CertificateRejectedException;
import org.fieldnode.security.trust.NodeCertificateCheck;
import org.fieldnode.security.trust.Rejection;
import org.tinylog.Logger;

/**
 * The collector's check of a node's client certificate during the DTLS handshake (SECURITY R16, R17, R20): the
 * Scandium side of {@link NodeCertificateCheck#identify} (the chain validates to the collector's CA at the current
 * time, the certificate carries clientAuth and a subject of exactly {@code CN=<node id>}), plus the collector's own
 * rule: that node must be enrolled here, not revoked, and this certificate must be its current one, so a certificate
 * superseded by a renewal is refused (R20). Anything else ends the handshake with the reason's fatal alert ({@link
 * Rejection#tlsAlert()}), one warn line and an authentication-failure event (rate-limited), which name the
 * certificate's subject only neutralised (R29): a peer chose it.
 */
final class NodeCertificateVerifier implements NewAdvancedCertificateVerifier {
    private final X509Certificate ca;
    private final EstService service;
    private final InstantSource clock;

    NodeCertificateVerifier(X509Certificate ca, EstService service, InstantSource clock) {
        this.ca = ca;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public CertificateVerificationResult verifyCertificate(
            ConnectionId cid,
            ServerNames serverNames,
            InetSocketAddress remotePeer,
            boolean clientUsage,
            boolean verifySubject,
            boolean truncateCertificatePath,
            CertificateMessage message) {
        CertPath path = message.getCertificateChain();
        if (path == null || message.isEmpty()) {
            return refused(cid, remotePeer, Rejection.MALFORMED, "no X.509 certificate");
        }
        List<X509Certificate> chain =
                path.getCertificates().stream().map(X509Certificate.class::cast).toList();
        X509Certificate leaf = chain.get(0);
        NodeId node;
        try {
            node = NodeCertificateCheck.identify(chain, List.of(ca), clock.instant());
        } catch (CertificateRejectedException e) {
            return refused(
                    cid,
                    remotePeer,
                    e.reason(),
                    describe(leaf) + " refused: " + e.reason().code());
        }
        BigInteger serial = leaf.getSerialNumber();
        if (!service.mayConnect(node, serial)) {
            return refused(
                    cid,
                    remotePeer,
                    Rejection.REVOKED,
                    node + " is revoked or not enrolled here, or certificate " + serial.toString(16)
                            + " was superseded by a renewal");
        }
        return new CertificateVerificationResult(cid, path, null);
    }

    private static String describe(X509Certificate c) {
        return "certificate '" + PeerText.neutralise(c.getSubjectX500Principal().getName()) + "'";
    }

    private CertificateVerificationResult refused(
            ConnectionId cid, InetSocketAddress peer, Rejection reason, String why) {
        Logger.warn("DTLS handshake from {} refused: {}", peer, why);
        service.authenticationFailed(null, "DTLS handshake from " + peer + " refused: " + why);
        AlertDescription alert = AlertDescription.getDescriptionByCode(reason.tlsAlert());
        return new CertificateVerificationResult(
                cid, new HandshakeException(why, new AlertMessage(AlertLevel.FATAL, alert)), null);
    }

    /** Only the collector's CA issues node certificates. */
    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return List.of(ca.getSubjectX500Principal());
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.X_509);
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
