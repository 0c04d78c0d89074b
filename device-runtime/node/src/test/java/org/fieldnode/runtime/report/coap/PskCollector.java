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
