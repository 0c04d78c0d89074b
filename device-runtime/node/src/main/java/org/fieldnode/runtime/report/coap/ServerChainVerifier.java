// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

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
import org.fieldnode.security.trust.CertificateRejectedException;
import org.fieldnode.security.trust.Rejection;
import org.fieldnode.security.trust.ServerCertificateCheck;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * Strict server authentication for the node's certificate-mode DTLS client (SECURITY R15, RFC 7925 §4.4.1): the
 * Scandium side of {@link ServerCertificateCheck}, which checks the collector's X.509 chain — chain to a pinned
 * anchor, validity on the wall clock, serverAuth, a subjectAltName matching the collector URI's host. Raw public keys
 * are not accepted (no chain: refused as malformed). A refusal is logged once per handshake as one warn line with the
 * reason code and ends the handshake with the reason's fatal alert ({@link Rejection#tlsAlert()}: bad_certificate,
 * certificate_expired or unknown_ca).
 */
final class ServerChainVerifier implements NewAdvancedCertificateVerifier {
    private final TrustAnchors anchors;
    private final String serverName;
    private final InstantSource clock;

    ServerChainVerifier(TrustAnchors anchors, String serverName, InstantSource clock) {
        this.anchors = anchors;
        this.serverName = serverName;
        this.clock = clock;
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.X_509);
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
        List<X509Certificate> chain = path == null
                ? List.of()
                : path.getCertificates().stream()
                        .map(X509Certificate.class::cast)
                        .toList();
        try {
            ServerCertificateCheck.verify(chain, serverName, anchors, clock.instant());
            return new CertificateVerificationResult(cid, path, null);
        } catch (CertificateRejectedException e) {
            Logger.warn("DTLS: collector certificate refused: {}", e.getMessage());
            AlertDescription alert =
                    AlertDescription.getDescriptionByCode(e.reason().tlsAlert());
            return new CertificateVerificationResult(
                    cid,
                    new HandshakeException(
                            "collector certificate refused: " + e.getMessage(),
                            new AlertMessage(AlertLevel.FATAL, alert)),
                    null);
        }
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return anchors.anchors().stream()
                .map(X509Certificate::getSubjectX500Principal)
                .toList();
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
