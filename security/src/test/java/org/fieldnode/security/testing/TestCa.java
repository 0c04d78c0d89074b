// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fieldnode.security.enrol.EstPayloads;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeKeys;

/**
 * A real Bouncy Castle test CA: a self-signed P-256 root that issues node and server certificates with whatever
 * validity, subject, key and key usage a test asks for — including the wrong ones.
 */
public final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A root CA named {@code CN=<name>}, valid from {@code notBefore} for ten years. */
    public static TestCa create(String name, Instant notBefore) {
        KeyPair keys = NodeKeys.generate();
        X500Name subject = new X500Name("CN=" + name);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    Date.from(notBefore),
                    Date.from(notBefore.plus(Duration.ofDays(3650))),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCa(keys, sign(builder, keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA set as an EST {@code /crts} payload (format 281). */
    public byte[] certsOnly() {
        return EstPayloads.encodeCertsOnly(List.of(certificate));
    }

    /** A certificate for {@code key} with subject {@code CN=<cn>} and the given extended key usages. */
    public X509Certificate issue(
            PublicKey key,
            String cn,
            Instant notBefore,
            Instant notAfter,
            List<GeneralName> names,
            KeyPurposeId... eku) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    serial(),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name("CN=" + cn),
                    key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (eku.length > 0) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            }
            if (!names.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            return sign(builder, keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node certificate: clientAuth, valid from {@code notBefore} for {@code lifetime}. */
    public X509Certificate issueClient(PublicKey key, String cn, Instant notBefore, Duration lifetime) {
        return issue(key, cn, notBefore, notBefore.plus(lifetime), List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    /** A server certificate with a dNSName (or iPAddress for a literal) and serverAuth. */
    public X509Certificate issueServer(PublicKey key, String name, Instant notBefore, Duration lifetime) {
        int type =
                Character.isDigit(name.charAt(0)) || name.contains(":") ? GeneralName.iPAddress : GeneralName.dNSName;
        return issue(
                key,
                name,
                notBefore,
                notBefore.plus(lifetime),
                List.of(new GeneralName(type, name)),
                KeyPurposeId.id_kp_serverAuth);
    }

    /**
     * Issues from a DER PKCS#10 after verifying its signature, like the collector will: subject and public key
     * from the request, clientAuth.
     */
    public X509Certificate issueFromCsr(byte[] der, Instant notBefore, Duration lifetime) {
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(new PKCS10CertificationRequest(der))
                    .setProvider(CryptoProvider.bc());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(CryptoProvider.bc())
                    .build(csr.getPublicKey()))) {
                throw new IllegalArgumentException("CSR signature does not verify");
            }
            String cn = csr.getSubject().toString().substring("CN=".length());
            return issueClient(csr.getPublicKey(), cn, notBefore, lifetime);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The extensions a CSR asks for (its PKCS#9 extensionRequest), for assertions. */
    public static Extensions requestedExtensions(byte[] der) throws Exception {
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair keys) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(CryptoProvider.bc())
                        .build(keys.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }
}
