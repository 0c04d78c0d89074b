// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.util.Store;

/**
 * Encodes and decodes EST payloads, bounded to {@value EstContentFormat#MAX_PAYLOAD_BYTES} bytes (SECURITY R35):
 * format 281 is a CMS SignedData with no signers and no content that carries certificates only (RFC 5272
 * §3.2.1 "certs-only", RFC 8551 §3.2.2); format 287 is one DER certificate (RFC 5280).
 */
public final class EstPayloads {
    private EstPayloads() {}

    /**
     * The certificates of a certs-only response.
     *
     * @throws EstPayloadException when the payload is too big or not a certs-only CMS message
     */
    public static List<X509Certificate> decodeCertsOnly(byte[] payload) throws EstPayloadException {
        bound(payload);
        try {
            CMSSignedData signed = new CMSSignedData(payload);
            if (!signed.getSignerInfos().getSigners().isEmpty()) {
                throw new EstPayloadException("a certs-only message must have no signers");
            }
            Store<X509CertificateHolder> store = signed.getCertificates();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            List<X509Certificate> out = new ArrayList<>();
            for (X509CertificateHolder holder : store.getMatches(null)) {
                out.add(converter.getCertificate(holder));
            }
            if (out.isEmpty()) {
                throw new EstPayloadException("the certs-only message holds no certificate");
            }
            return List.copyOf(out);
        } catch (CMSException | CertificateException | RuntimeException e) {
            throw new EstPayloadException(
                    "not a PKCS#7 certs-only message (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One DER certificate (format 287). */
    public static X509Certificate decodeCertificate(byte[] payload) throws EstPayloadException {
        bound(payload);
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(payload));
        } catch (CertificateException | RuntimeException e) {
            throw new EstPayloadException(
                    "not a DER certificate (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A certs-only message holding {@code certificates} (the CA side of {@code /crts}). */
    public static byte[] encodeCertsOnly(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            CMSTypedData absent = new CMSAbsentContent();
            return generator.generate(absent, false).getEncoded();
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalArgumentException("cannot encode certs-only message: " + e.getMessage(), e);
        }
    }

    private static void bound(byte[] payload) throws EstPayloadException {
        if (payload.length == 0 || payload.length > EstContentFormat.MAX_PAYLOAD_BYTES) {
            throw new EstPayloadException(
                    "payload of " + payload.length + " bytes; expected 1.." + EstContentFormat.MAX_PAYLOAD_BYTES);
        }
    }

    /** An EST payload that is not what its content format promises. */
    public static final class EstPayloadException extends Exception {
        public EstPayloadException(String message) {
            super(message);
        }
    }
}
