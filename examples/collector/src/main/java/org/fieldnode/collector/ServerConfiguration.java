// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * Californium and Scandium settings of the collector, built in code (no {@code Californium3.properties}).
 * DTLS server only, {@code TLS_PSK_WITH_AES_128_CCM_8} only (RFC 7925 §4.2), extended master secret required
 * (RFC 7627), 6-byte Connection IDs (RFC 9146, SECURITY R18), bounded tables and threads (PERFORMANCE.md: up to
 * 10,000 node sessions). With PSK the client always authenticates itself (SECURITY R16); certificate clients
 * would be required to as well.
 */
final class ServerConfiguration {
    static final int MAX_NODES = 10_000;
    static final int CONNECTION_ID_LENGTH = 6;

    private ServerConfiguration() {}

    static Configuration coap() {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, MAX_NODES);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 64 * 1024); // SenmlCodec's payload limit
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 2);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_NODES);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH);
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, true);
        return config;
    }

    static DtlsConnectorConfig dtls(Configuration config, InetSocketAddress bind, AdvancedPskStore pskStore) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(pskStore)
                .setLoggingTag("collector")
                .build();
    }

    /**
     * Adds certificate clients to {@code config}: {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} beside the PSK suite
     * (RFC 7925 §4.2, §4.4; no other suite), secp256r1 only, SHA-256/ECDSA signatures, X.509 only (no raw public
     * keys), client authentication required (R16).
     */
    static void acceptCertificates(Configuration config) {
        config.setAsList(
                DtlsConfig.DTLS_CIPHER_SUITES,
                CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        config.setAsList(DtlsConfig.DTLS_CURVES, SupportedGroup.secp256r1);
        config.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
        config.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.X_509);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
    }

    /** The server connector with PSK and certificate authentication. */
    static DtlsConnectorConfig dtls(
            Configuration config,
            InetSocketAddress bind,
            AdvancedPskStore pskStore,
            CertificateAuthentication certificates) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(pskStore)
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        certificates.serverKey(),
                        certificates.serverChain().toArray(new X509Certificate[0]),
                        CertificateType.X_509))
                .setAdvancedCertificateVerifier(certificates.clientVerifier())
                .setLoggingTag("collector")
                .build();
    }
}
