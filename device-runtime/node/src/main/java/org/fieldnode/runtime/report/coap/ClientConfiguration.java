// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
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
import org.fieldnode.runtime.config.LinkSettings;

/**
 * Californium and Scandium settings of the node's reporting client, built in code: nothing is read from or
 * written to a {@code Californium3.properties} file.
 *
 * <p>Sized for a Pi Zero 2 W (BENCHMARKS.md): one thread per stage, tables for a handful of peers. Secured per
 * SECURITY R14/R16/R18/R19: DTLS client only, one cipher suite per credential kind — {@code
 * TLS_PSK_WITH_AES_128_CCM_8} for a pre-shared key (RFC 7925 §4.2), {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8}
 * on secp256r1 with SHA-256/ECDSA signatures for a certificate (RFC 7925 §4.4) — extended master secret required
 * (RFC 7627), Connection ID supported (RFC 9146). No CBC, NULL or RSA suite is ever offered.
 *
 * <p>Public for the node's other DTLS transport, the LwM2M client ({@code report.lwm2m}), which secures its server
 * connection the same way.
 */
public final class ClientConfiguration {
    /** The node talks to one collector; a few entries leave room for a DNS change of its address. */
    private static final int MAX_PEERS = 4;

    private ClientConfiguration() {}

    /** The PSK client of the development and demo mode. */
    static Configuration coap(LinkSettings link) {
        return coap(link, false);
    }

    /** The client for {@code credentials}: the PSK suite, or the ECDHE_ECDSA suite with X.509 only. */
    public static Configuration coap(LinkSettings link, DtlsCredentials credentials) {
        return coap(link, credentials instanceof DtlsCredentials.Certificate);
    }

    private static Configuration coap(LinkSettings link, boolean certificate) {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(CoapConfig.ACK_TIMEOUT, link.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.ACK_INIT_RANDOM, (float) link.ackRandomFactor());
        config.set(CoapConfig.MAX_RETRANSMIT, link.maxRetransmit());
        // RFC 7252 §4.7: one outstanding confirmable exchange at a time keeps a backlog drain gentle on the link.
        config.set(CoapConfig.NSTART, 1);
        config.set(
                DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT,
                link.handshakeRetransmission().toMillis(),
                TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, MAX_PEERS);
        // RFC 7252 §5.3.1: tokens only need to be unguessable without DTLS; one outstanding request at a time
        // over DTLS needs no more than one byte, which saves 7 bytes in every request and response.
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, 1);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_PEERS);
        if (certificate) {
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
            config.setAsList(DtlsConfig.DTLS_CURVES, SupportedGroup.secp256r1);
            config.setAsList(
                    DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
            config.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.X_509);
            // ServerChainVerifier checks the name itself, strictly (RFC 6125, no CN fallback); no SNI is sent.
            config.set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false);
            config.set(DtlsConfig.DTLS_USE_SERVER_NAME_INDICATION, false);
        } else {
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        }
        config.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED);
        // RFC 9146: length 0 = "use the collector's CID when it offers one, send us records without one".
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, true);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return config;
    }

    /**
     * A client connector; the address is a placeholder, as {@link CollectorConnector} connects its socket to the
     * collector (route's source address, ephemeral port, SECURITY R19).
     */
    static DtlsConnectorConfig dtls(Configuration config, AdvancedPskStore pskStore) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(pskStore)
                .setLoggingTag("report")
                .build();
    }

    /**
     * A certificate client on an ephemeral port: the node's key and chain for the CertificateVerify, and {@link
     * ServerChainVerifier} for the collector's chain.
     */
    public static DtlsConnectorConfig dtls(
            Configuration config, DtlsCredentials.Certificate credentials, InstantSource clock, String tag) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        credentials.identity().privateKey(),
                        credentials.identity().chain().toArray(new X509Certificate[0]),
                        CertificateType.X_509))
                .setAdvancedCertificateVerifier(
                        new ServerChainVerifier(credentials.anchors(), credentials.serverName(), clock))
                .setLoggingTag(tag)
                .build();
    }

    /** A PSK client on an ephemeral port, logging under {@code tag}. */
    public static DtlsConnectorConfig dtls(Configuration config, AdvancedPskStore pskStore, String tag) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(pskStore)
                .setLoggingTag(tag)
                .build();
    }
}
