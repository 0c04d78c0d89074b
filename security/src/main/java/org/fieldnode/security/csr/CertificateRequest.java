// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.csr;

import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeId;

/**
 * Builds the PKCS#10 certification request (RFC 2986) that the node POSTs to EST {@code /sen} or {@code /sren}
 * with content format 286, application/pkcs10 (RFC 9148 §5.1, §5.3).
 *
 * <p>The request carries only the public key and is signed with the private key, which never leaves the node
 * (SECURITY R2; EST {@code /skg} server-side key generation is not used). Subject: exactly {@code CN=<node id>} —
 * no MAC, serial number, owner or location (R1, R22). Attributes: one PKCS#9 extensionRequest asking for key usage
 * digitalSignature (critical) and extended key usage clientAuth, which is what a DTLS 1.2
 * TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 client certificate needs (RFC 7925 §4.4.2).
 */
public final class CertificateRequest {
    /** Signature algorithm of the request: ECDSA over P-256 with SHA-256 (RFC 5758 §3.2). */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private CertificateRequest() {}

    /** The subject a node's request and certificate carry: {@code CN=<node id>} and nothing else. */
    public static X500Name subjectFor(NodeId nodeId) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, nodeId.value())
                .build();
    }

    /**
     * The DER encoding of a request for {@code keys}' public key, signed by its private key.
     *
     * @throws IllegalStateException when the provider cannot sign (not a P-256 key)
     */
    public static byte[] create(NodeId nodeId, KeyPair keys) {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                    .setProvider(CryptoProvider.bc())
                    .build(keys.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subjectFor(nodeId), keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(signer)
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign the certificate request: " + e.getMessage(), e);
        }
    }
}
