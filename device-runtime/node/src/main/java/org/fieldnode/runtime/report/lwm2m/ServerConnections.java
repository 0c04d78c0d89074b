// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.net.InetAddress;
import java.security.cert.Certificate;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.Configuration.ModuleDefinitionsProvider;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.fieldnode.runtime.report.coap.ClientConfiguration;
import org.fieldnode.runtime.report.coap.CollectorConnector;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.runtime.report.coap.ExchangeWatch;
import org.tinylog.Logger;

/**
 * How Leshan's client reaches its (bootstrap) server: over the node's own DTLS client, the one the CoAP reporter
 * uses (SECURITY R13–R19), instead of the DTLS setup Leshan derives from the Security object.
 *
 * <ul>
 *   <li>{@code coaps} only: Leshan asks for no other endpoint, and a Security object without DTLS gets none (R13).
 *   <li>One cipher suite per credential ({@link ClientConfiguration}, RFC 7925): {@code TLS_PSK_WITH_AES_128_CCM_8},
 *       or {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} on secp256r1; extended master secret; client only.
 *   <li>With a certificate, the node's enrolled key and chain from the keystore, whatever the Security object holds
 *       (a bootstrap server cannot hand the node a second identity), and the server's chain checked like the
 *       collector's: to a pinned anchor, within validity, serverAuth, a subjectAltName matching the server's host
 *       (R15).
 *   <li>With a pre-shared key, the key of the Security object: the node's own, or the one a bootstrap server wrote.
 *   <li>The UDP socket connected to the server ({@link CollectorConnector}, R19): no listening port.
 * </ul>
 */
final class ServerConnections implements ClientProtocolProvider {
    private static final String TAG = "lwm2m";

    private final DtlsCredentials credentials;
    private final InstantSource clock;
    private volatile CollectorConnector current;
    private volatile Request lastRequest;
    private volatile ExchangeWatch lastExchange;

    ServerConnections(DtlsCredentials credentials, InstantSource clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * How far the last request to the server got (handshake started, flights retransmitted, session up), to explain
     * one that went unanswered.
     */
    Optional<ExchangeWatch> lastExchange() {
        return Optional.ofNullable(lastExchange);
    }

    /** The connector of the server connection now, if one was made. */
    Optional<CollectorConnector> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public Protocol getProtocol() {
        return Protocol.COAPS;
    }

    @Override
    public List<ModuleDefinitionsProvider> getModuleDefinitionsProviders() {
        return Arrays.asList(
                SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    }

    /** Nothing: the configuration is {@link ClientConfiguration#coap}, built in code. */
    @Override
    public void applyDefaultValue(Configuration configuration) {}

    @Override
    public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
        return new CoapsClientEndpointFactory(TAG) {
            @Override
            public CoapEndpoint createCoapEndpoint(
                    InetAddress clientAddress,
                    Configuration configuration,
                    ServerInfo server,
                    boolean clientInitiatedOnly,
                    List<Certificate> trustStore,
                    ClientEndpointToolbox toolbox) {
                return endpoint(configuration, server, createSecuredContextMatcher());
            }
        };
    }

    private CoapEndpoint endpoint(Configuration configuration, ServerInfo server, EndpointContextMatcher matcher) {
        DtlsConnectorConfig dtls;
        switch (credentials) {
            case DtlsCredentials.Psk psk -> {
                if (server.secureMode != SecurityMode.PSK) {
                    Logger.error(
                            "LwM2M server {} is configured for {} security; this node authenticates with a"
                                    + " pre-shared key",
                            server.serverUri,
                            server.secureMode);
                    return null;
                }
                AdvancedSinglePskStore store = new AdvancedSinglePskStore(server.pskId, server.pskKey);
                dtls = ClientConfiguration.dtls(configuration, store, TAG);
            }
            case DtlsCredentials.Certificate certificate -> {
                if (server.secureMode != SecurityMode.X509) {
                    Logger.error(
                            "LwM2M server {} is configured for {} security; this node authenticates with its"
                                    + " certificate",
                            server.serverUri,
                            server.secureMode);
                    return null;
                }
                dtls = ClientConfiguration.dtls(
                        configuration,
                        new DtlsCredentials.Certificate(
                                certificate.identity(), certificate.anchors(), server.serverUri.getHost()),
                        clock,
                        TAG);
            }
        }
        CollectorConnector connector = new CollectorConnector(dtls, server.getAddress());
        current = connector;
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(configuration)
                .setConnector(connector)
                .setLoggingTag(TAG)
                .setEndpointContextMatcher(matcher)
                .build();
        endpoint.addInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void sendRequest(Request request) {
                if (request != lastRequest) { // not a retransmission
                    ExchangeWatch watch = new ExchangeWatch();
                    request.addMessageObserver(watch);
                    lastRequest = request;
                    lastExchange = watch;
                }
            }
        });
        return endpoint;
    }
}
