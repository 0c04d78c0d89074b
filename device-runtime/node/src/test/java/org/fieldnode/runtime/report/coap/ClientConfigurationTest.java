// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.TrustAnchors;
import org.junit.jupiter.api.Test;

/** SECURITY R14, R18, R19 on the built client configurations: what the node offers, and nothing else. */
class ClientConfigurationTest {
    @Test
    void pskClient_offersOnlyPskCcm8_requiresExtendedMasterSecret_clientOnly() {
        Configuration config = ClientConfiguration.coap(
                LinkSettings.defaults(), new DtlsCredentials.Psk(new PskCredential("n", new byte[16])));
        DtlsConnectorConfig dtls = ClientConfiguration.dtls(config, new AdvancedSinglePskStore("n", new byte[16]));

        assertThat(dtls.getSupportedCipherSuites()).containsExactly(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        assertCommon(dtls);
    }

    @Test
    void certificateClient_offersOnlyEcdheEcdsaCcm8_onP256_x509Only() throws Exception {
        KeyPair keys = NodeKeys.generate();
        NodeId node = NodeId.random();
        X509Certificate self = selfSigned(keys, "CN=" + node.value());
        DtlsCredentials.Certificate credentials = new DtlsCredentials.Certificate(
                new DeviceIdentity(node, keys, List.of(self)),
                TrustAnchors.pinned(Fingerprint.of(self)),
                "collector.example");
        Configuration config = ClientConfiguration.coap(LinkSettings.defaults(), credentials);
        DtlsConnectorConfig dtls = ClientConfiguration.dtls(config, credentials, InstantSource.system(), "t");

        assertThat(dtls.getSupportedCipherSuites()).containsExactly(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        assertThat(dtls.getSupportedGroups()).containsExactly(SupportedGroup.secp256r1);
        assertThat(config.get(DtlsConfig.DTLS_CERTIFICATE_TYPES)).containsExactly(CertificateType.X_509);
        assertThat(dtls.getAdvancedCertificateVerifier()).isInstanceOf(ServerChainVerifier.class);
        assertCommon(dtls);
    }

    private static void assertCommon(DtlsConnectorConfig dtls) {
        assertThat(dtls.getSupportedCipherSuites())
                .noneMatch(s -> s.name().contains("CBC")
                        || s.name().contains("NULL")
                        || s.name().contains("RSA"));
        assertThat(dtls.get(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE)).isEqualTo(ExtendedMasterSecretMode.REQUIRED);
        assertThat(dtls.get(DtlsConfig.DTLS_ROLE)).isEqualTo(DtlsConfig.DtlsRole.CLIENT_ONLY);
        assertThat(dtls.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH)).isZero(); // CID supported (RFC 9146), R18
        assertThat(dtls.getAddress().getPort()).isZero(); // ephemeral, R19
        assertThat(dtls.get(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER)).isTrue();
    }

    private static X509Certificate selfSigned(KeyPair keys, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA")
                                .setProvider(CryptoProvider.bc())
                                .build(keys.getPrivate())));
    }
}
