// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;

/**
 * Californium and Scandium settings of the collector, built in code (no {@code Californium3.properties}).
 * DTLS server only, {@code TLS_PSK_WITH_AES_128_CCM_8} only (RFC 7925 §4.2), extended master secret required
 * (RFC 7627), 6-byte Connection IDs (RFC 9146, SECURITY R18), bounded tables and threads (PERFORMANCE.md: up to
 * 10,000 node sessions). With PSK the client always authenticates itself (SECURITY R16); certificate clients
 * would be required to as well.
 *
 * <p><b>Per-node state and the memory budget.</b> A node costs the collector one Scandium connection (its
 * Connection ID, address, the session with PSK identity and master secret, the AES-CCM read and write states and a
 * 64-record anti-replay window) and, while it exchanges, one CoAP peer entry (exchange and deduplication state,
 * kept {@link #PEER_INACTIVITY}). Measured with {@code fieldnode collector loadtest --nodes 1000}: about 5 KiB of
 * heap per established node, collector and its SQLite store together (see the collector README), so
 * {@value #MAX_NODES} sessions fit in about 50 MiB and 10,000 with the JVM and SQLite's cache well inside the
 * 512 MiB heap of PERFORMANCE.md. Both tables are bounded ({@link #MAX_NODES}): when full, a connection silent for
 * {@link #STALE_CONNECTION} may be evicted for a new handshake, never a live one; handshakes beyond that are
 * refused, and the collector's heap stays bounded under a handshake flood (SECURITY R40).
 */
final class ServerConfiguration {
    static final int MAX_NODES = 10_000;
    static final int CONNECTION_ID_LENGTH = 6;

    /**
     * A connection silent this long may be replaced when the table is full. Nodes report every few minutes and
     * may stay offline for hours, so a day keeps every live node and still frees the slots of gone ones.
     */
    static final Duration STALE_CONNECTION = Duration.ofHours(24);

    /** CoAP peer state (exchanges, deduplication) is dropped after this silence; the DTLS session stays. */
    static final Duration PEER_INACTIVITY = Duration.ofMinutes(10);

    private ServerConfiguration() {}

    static Configuration coap() {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 2);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, MAX_NODES);
        config.set(CoapConfig.MAX_PEER_INACTIVITY_PERIOD, PEER_INACTIVITY.toSeconds(), TimeUnit.SECONDS);
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
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, true);
        return config;
    }

    static DtlsConnectorConfig dtls(Configuration config, InetSocketAddress bind, AdvancedPskStore pskStore) {
        return dtls(config, bind, pskStore, new SessionAdapter());
    }

    /** With {@code sessions} told of every handshake (the collector counts them). */
    static DtlsConnectorConfig dtls(
            Configuration config, InetSocketAddress bind, AdvancedPskStore pskStore, SessionListener sessions) {
        return DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(pskStore)
                .setSessionListener(sessions)
                .setLoggingTag("collector")
                .build();
    }
}
