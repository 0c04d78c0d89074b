// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.csr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.Secrets;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R2, R5, R22: a DER PKCS#10 signed on the node, carrying only the public key and CN=node id. */
class CertificateRequestTest {
    private final NodeId id = NodeId.random();
    private final KeyPair keys = NodeKeys.generate();
    private final byte[] der = CertificateRequest.create(id, keys);

    @Test
    void request_isSignedByTheNodeKey_andNamesOnlyTheNodeId() throws Exception {
        JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(der).setProvider(CryptoProvider.bc());

        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider(CryptoProvider.bc())
                        .build(keys.getPublic())))
                .isTrue();
        assertThat(csr.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(csr.getSubject().toString()).isEqualTo("CN=" + id.value());
        assertThat(csr.getSignatureAlgorithm().getAlgorithm().getId())
                .isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
    }

    @Test
    void request_asksForClientAuthAndDigitalSignature() throws Exception {
        Extensions requested = TestCa.requestedExtensions(der);

        assertThat(ExtendedKeyUsage.fromExtensions(requested).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth))
                .isTrue();
        assertThat(KeyUsage.fromExtensions(requested).hasUsages(KeyUsage.digitalSignature))
                .isTrue();
        assertThat(requested.getExtension(Extension.keyUsage).isCritical()).isTrue();
    }

    @Test
    void request_carriesNoPrivateKeyBytes() throws Exception {
        assertThat(Secrets.containsBytes(der, Secrets.scalar(keys.getPrivate())))
                .isFalse();
        assertThat(Secrets.containsBytes(der, keys.getPrivate().getEncoded())).isFalse();
        assertThat(new PKCS10CertificationRequest(derUnchecked()).getEncoded()).isEqualTo(der);
    }

    @Test
    void opensslVerifiesTheRequest(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed on this machine");
        Path file = dir.resolve("node.csr");
        Files.write(file, der);
        Process openssl = new ProcessBuilder(
                        "/usr/bin/openssl",
                        "req",
                        "-inform",
                        "DER",
                        "-in",
                        file.toString(),
                        "-verify",
                        "-noout",
                        "-subject")
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).containsIgnoringCase("verify ok").contains(id.value());
    }

    private byte[] derUnchecked() {
        return der.clone();
    }
}
