// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * Californium and Scandium settings of the collector, built in code (no {@code Californium3.properties}).
 * DTLS server only, {@code TLS_PSK_WITH_AES_128_CCM_8} only (RFC 7925 §4.2), extended master secret required
 * (RFC 7627), 6-byte Connection IDs (RFC 9146, SECURITY R18), bounded tables and threads (BENCHMARKS.md: up to
 * 10,000 node sessions). With PSK the client always authenticates itself (SECURITY R16); certificate clients
 * would be required to as well.
 *
 * <p><b>Per-node state and the memory budget.</b> A node costs the collector one Scandium connection (its
 * Connection ID, address, the session with PSK identity and master secret, the AES-CCM read and write states and a
 * 64-record anti-replay window) and, while it exchanges, one CoAP peer entry (exchange and deduplication state,
 * kept {@link #PEER_INACTIVITY}, at most {@link #DEDUPLICATED_PER_NODE} recent exchanges). Measured with
 * {@code fieldnode collector loadtest} (heap in use after a GC, simulated nodes closed): 17–25 MiB for 100 nodes,
 * 42 MiB for 1,000 and 90 MiB for 3,000, i.e. about 24 KiB per further node on top of ~20 MiB of fixed costs;
 * SQLite's page cache is native memory, outside the heap. {@value #MAX_NODES} nodes therefore need about 260 MiB
 * of heap: give {@code serve} {@code -Xmx512m} (BENCHMARKS.md's target) for that many, since the launcher's
 * default of 256 MiB would be nearly full. Both tables are bounded ({@link #MAX_NODES}): when full, a connection silent for
 * {@link #STALE_CONNECTION} may be evicted for a new handshake, never a live one; handshakes beyond that are
 * refused, and the collector's heap stays bounded under a handshake flood (SECURITY R40). One credential holds at
 * most a few of those connections ({@link CredentialSessions}), so one key cannot fill the table.
 *
 * <p><b>After a crash.</b> A collector that lost its connections (SIGKILL, a power cut: they are saved on a clean stop
 * only) receives records with Connection IDs it does not know. It drops them without an answer: RFC 9146 defines
 * none, an alert could not be authenticated without the session's keys (so anyone could forge one to tear sessions
 * down), and Scandium 3.14 has no setting for it. Recovery is the node's part: after an unanswered exchange it
 * starts a handshake offering its session for resumption. Session ids stay on ({@code DTLS_SERVER_USE_SESSION_ID}),
 * so a collector that restored its connections after a clean stop resumes the session in one round trip, and one
 * that lost them answers with a full handshake.
 */
final class ServerConfiguration {
    static final int MAX_NODES = 10_000;
    static final int CONNECTION_ID_LENGTH = 6;

    /**
     * A connection silent this long may be replaced when the table is full. Nodes report every few minutes and
     * may stay offline for hours, so a day keeps every live node and still frees the slots of gone ones.
     */
    static final Duration STALE_CONNECTION = Duration.ofHours(24);

    /** Recent exchanges kept per node for deduplication (see {@link #coap()}). */
    static final int DEDUPLICATED_PER_NODE = 8;

    /** CoAP peer state (exchanges, deduplication) is dropped after this silence; the DTLS session stays. */
    static final Duration PEER_INACTIVITY = Duration.ofMinutes(10);

    private ServerConfiguration() {}

    static Configuration coap() {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, MAX_NODES);
        config.set(CoapConfig.MAX_PEER_INACTIVITY_PERIOD, PEER_INACTIVITY.toSeconds(), TimeUnit.SECONDS);
        // RFC 7252 §4.5: a confirmable POST is answered again from the deduplicator, not processed twice, for
        // EXCHANGE_LIFETIME (247 s). Californium's default keeps every exchange of that window, so a node reporting
        // every 10 s holds ~25 responses on the collector; per peer, the latest few are all a node that sends one
        // request at a time (NSTART 1) can retransmit. A duplicate that slips past is still stored once (the store's
        // (device, sequence) key); the deduplicator only saves work.
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        config.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUPLICATED_PER_NODE);
        config.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, STALE_CONNECTION.toSeconds(), TimeUnit.SECONDS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 64 * 1024); // SenmlCodec's payload limit
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 2);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_NODES);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH);
        // RFC 5246 §7.4.1.3: a session id lets a node whose exchange went unanswered resume instead of a full
        // handshake.
        config.set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, true);
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, true);
        return config;
    }

    static DtlsConnectorConfig dtls(Configuration config, InetSocketAddress bind, AdvancedPskStore pskStore) {
        return dtls(config, bind, pskStore, new SessionAdapter(), null);
    }

    /**
     * With {@code sessions} told of every handshake (the collector counts them) and {@code connections} of every
     * connection established and removed (the per-credential bound, {@link CredentialSessions}).
     */
    static DtlsConnectorConfig dtls(
            Configuration config,
            InetSocketAddress bind,
            AdvancedPskStore pskStore,
            SessionListener sessions,
            ConnectionListener connections) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(pskStore)
                .setSessionListener(sessions)
                .setConnectionListener(connections)
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
        return dtls(config, bind, pskStore, certificates, new SessionAdapter(), null);
    }

    /** With certificate clients, {@code sessions} told of every handshake and {@code connections} of connections. */
    static DtlsConnectorConfig dtls(
            Configuration config,
            InetSocketAddress bind,
            AdvancedPskStore pskStore,
            CertificateAuthentication certificates,
            SessionListener sessions,
            ConnectionListener connections) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(pskStore)
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        certificates.serverKey(),
                        certificates.serverChain().toArray(new X509Certificate[0]),
                        CertificateType.X_509))
                .setAdvancedCertificateVerifier(certificates.clientVerifier())
                .setSessionListener(sessions)
                .setConnectionListener(connections)
                .setLoggingTag("collector")
                .build();
    }
}
