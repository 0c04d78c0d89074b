// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
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
import org.tinylog.Logger;

/**
 * The collector's check of a node's client certificate during the DTLS handshake (SECURITY R16, R17): the chain
 * must validate to the collector's CA (RFC 5280 path validation, at the current time), the node certificate must
 * carry clientAuth and a subject of exactly {@code CN=<node id>}, and that node must be enrolled here, not revoked,
 * and this certificate must be its current one: a certificate superseded by a renewal is refused (R20). Anything
 * else ends the handshake with a fatal alert, one warn line and an authentication-failure event (rate-limited).
 */
final class NodeCertificateVerifier implements NewAdvancedCertificateVerifier {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final EstService service;
    private final InstantSource clock;

    NodeCertificateVerifier(X509Certificate ca, EstService service, InstantSource clock) {
        this.ca = ca;
        this.service = service;
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
        if (path == null || message.isEmpty()) {
            return refused(cid, remotePeer, AlertDescription.BAD_CERTIFICATE, "no X.509 certificate");
        }
        X509Certificate leaf = (X509Certificate) path.getCertificates().get(0);
        try {
            List<? extends java.security.cert.Certificate> below =
                    path.getCertificates().stream().filter(c -> !c.equals(ca)).toList();
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false); // revocation is the registry's job (below)
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(below), params);
        } catch (CertPathValidatorException e) {
            boolean expired = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
            return refused(
                    cid,
                    remotePeer,
                    expired ? AlertDescription.CERTIFICATE_EXPIRED : AlertDescription.UNKNOWN_CA,
                    describe(leaf) + (expired ? " is outside its validity" : " is not issued by this collector's CA"));
        } catch (GeneralSecurityException e) {
            return refused(cid, remotePeer, AlertDescription.BAD_CERTIFICATE, describe(leaf) + " is unusable");
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku == null || !eku.contains(CLIENT_AUTH)) {
                return refused(cid, remotePeer, AlertDescription.BAD_CERTIFICATE, describe(leaf) + " lacks clientAuth");
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return refused(
                    cid, remotePeer, AlertDescription.BAD_CERTIFICATE, describe(leaf) + " has an unreadable EKU");
        }
        Optional<NodeId> node = nodeId(leaf);
        if (node.isEmpty()) {
            return refused(cid, remotePeer, AlertDescription.BAD_CERTIFICATE, describe(leaf) + " names no node id");
        }
        if (!service.mayConnect(node.get(), leaf.getSerialNumber())) {
            return refused(
                    cid,
                    remotePeer,
                    AlertDescription.CERTIFICATE_REVOKED,
                    node.get() + " is revoked or not enrolled here, or certificate "
                            + leaf.getSerialNumber().toString(16) + " was superseded by a renewal");
        }
        return new CertificateVerificationResult(cid, path, null);
    }

    /** The node id of a certificate whose subject is exactly one CN holding a node id. */
    static Optional<NodeId> nodeId(X509Certificate certificate) {
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

    private static String describe(X509Certificate c) {
        return "certificate '" + PeerText.neutralise(c.getSubjectX500Principal().getName()) + "'";
    }

    private CertificateVerificationResult refused(
            ConnectionId cid, InetSocketAddress peer, AlertDescription alert, String why) {
        Logger.warn("DTLS handshake from {} refused: {}", peer, why);
        service.authenticationFailed(null, "DTLS handshake from " + peer + " refused: " + why);
        return new CertificateVerificationResult(
                cid, new HandshakeException(why, new AlertMessage(AlertLevel.FATAL, alert)), null);
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() {
        return List.of(ca.getSubjectX500Principal());
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
