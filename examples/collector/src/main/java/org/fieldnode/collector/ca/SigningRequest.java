// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeId;

/**
 * A PKCS#10 request (RFC 2986) the CA is willing to sign, checked in this order: DER that parses, at most {@value
 * EstContentFormat#MAX_PAYLOAD_BYTES} bytes, an EC key on P-256 (secp256r1, RFC 7925 §4.4), a signature that
 * verifies with that key (proof of possession; the private key never left the node, SECURITY R2), and a subject
 * of exactly one {@code CN} that is a fieldnode node id. Requested extensions are ignored: the CA decides them.
 *
 * @param nodeId the node id of the subject
 * @param publicKey the key to certify
 */
public record SigningRequest(NodeId nodeId, PublicKey publicKey) {
    public SigningRequest {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Parses and checks {@code der}.
     *
     * @throws RequestRefused with a one-line reason fit for a 4.00 diagnostic (no internal detail)
     */
    public static SigningRequest verify(byte[] der) throws RequestRefused {
        if (der == null || der.length == 0 || der.length > EstContentFormat.MAX_PAYLOAD_BYTES) {
            throw new RequestRefused("the request must be a DER PKCS#10 of 1.." + EstContentFormat.MAX_PAYLOAD_BYTES
                    + " bytes (content format " + EstContentFormat.PKCS10 + ")");
        }
        JcaPKCS10CertificationRequest request;
        try {
            request = new JcaPKCS10CertificationRequest(der).setProvider(CryptoProvider.bc());
        } catch (IOException | RuntimeException e) {
            throw new RequestRefused("not a DER PKCS#10 certification request");
        }
        SubjectPublicKeyInfo info = request.getSubjectPublicKeyInfo();
        boolean ecKey =
                X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm());
        Object curve = info.getAlgorithm().getParameters();
        if (!ecKey || !(curve instanceof ASN1ObjectIdentifier oid) || !SECObjectIdentifiers.secp256r1.equals(oid)) {
            throw new RequestRefused("the key must be ECDSA on P-256 (secp256r1)");
        }
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(CryptoProvider.bc())
                    .build(info))) {
                throw new RequestRefused("the request's signature does not verify with its key");
            }
        } catch (PKCSException | OperatorCreationException | RuntimeException e) {
            throw new RequestRefused("the request's signature cannot be verified");
        }
        RDN[] rdns = request.getSubject().getRDNs();
        RDN[] cns = request.getSubject().getRDNs(BCStyle.CN);
        if (rdns.length != 1 || cns.length != 1 || cns[0].isMultiValued()) {
            throw new RequestRefused("the subject must be exactly CN=<node id>");
        }
        String cn = IETFUtils.valueToString(cns[0].getFirst().getValue());
        NodeId nodeId;
        try {
            nodeId = new NodeId(cn);
        } catch (IllegalArgumentException e) {
            throw new RequestRefused("the subject CN must be a node id (fieldnode- and 16 hex digits)");
        }
        try {
            return new SigningRequest(nodeId, request.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new RequestRefused("the request's key cannot be read");
        }
    }

    /** A request the CA does not sign; the message is one line and safe to send to the peer. */
    public static final class RequestRefused extends Exception {
        public RequestRefused(String message) {
            super(message);
        }
    }
}
