// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.security.psk.PskCredential;

/**
 * A minimal collector for the reporter's own tests: a Scandium DTLS server (one pre-shared key, Connection ID) on a
 * loopback address (port 0 unless told), whose {@code /r} answers every POST with 2.04 and counts them.
 */
final class PskCollector implements AutoCloseable {
    private final CoapServer server;
    private final InetSocketAddress address;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger payloadGets = new AtomicInteger();
    private final java.util.Set<Integer> blocksAsked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PskCollector(InetAddress loopback, PskCredential psk) throws Exception {
        this(new InetSocketAddress(loopback, 0), psk);
    }

    PskCollector(InetSocketAddress bind, PskCredential psk) throws Exception {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        byte[] secret = psk.secret();
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), secret))
                .build());
        server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .build());
        server.add(new CoapResource("r") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                posts.incrementAndGet();
                exchange.respond(ResponseCode.CHANGED);
            }
        });
        server.start();
        address = connector.getAddress();
    }

    /**
     * Serves release {@code sequence} as the collector's {@code /u} does: the manifest whole, the payload one 512-byte
     * Block2 at the number asked for (RFC 7959 §2.4), counting each payload GET.
     */
    void serveRelease(long sequence, byte[] manifest, byte[] payload) {
        server.add(new CoapResource("u") {
            @Override
            public org.eclipse.californium.core.server.resources.Resource getChild(String name) {
                return this;
            }

            @Override
            public void handleGET(CoapExchange exchange) {
                java.util.List<String> path = exchange.getRequestOptions().getUriPath();
                if (path.size() != 3 || !path.get(1).equals(Long.toString(sequence))) {
                    exchange.respond(ResponseCode.NOT_FOUND);
                    return;
                }
                if (path.get(2).equals("m")) {
                    exchange.respond(ResponseCode.CONTENT, manifest);
                    return;
                }
                payloadGets.incrementAndGet();
                org.eclipse.californium.core.coap.BlockOption asked =
                        exchange.getRequestOptions().getBlock2();
                int number = asked == null ? 0 : asked.getNum();
                blocksAsked.add(number);
                int from = Math.min(payload.length, number * 512);
                int to = Math.min(payload.length, from + 512);
                org.eclipse.californium.core.coap.Response response =
                        new org.eclipse.californium.core.coap.Response(ResponseCode.CONTENT);
                response.setPayload(java.util.Arrays.copyOfRange(payload, from, to));
                response.getOptions().setBlock2(5, to < payload.length, number);
                exchange.respond(response);
            }
        });
    }

    int payloadGets() {
        return payloadGets.get();
    }

    /** The block numbers the payload GETs asked for. */
    java.util.Set<Integer> blocksAsked() {
        return java.util.Set.copyOf(blocksAsked);
    }

    InetSocketAddress address() {
        return address;
    }

    int posts() {
        return posts.get();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
