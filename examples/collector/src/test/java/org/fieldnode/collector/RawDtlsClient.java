// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.security.psk.PskCredential;

/** A plain Californium DTLS client that sends whatever request a test builds, to probe the collector. */
public final class RawDtlsClient implements AutoCloseable {
    private final CoapEndpoint endpoint;
    private final InetSocketAddress collector;

    public RawDtlsClient(InetSocketAddress collector, PskCredential psk) throws IOException {
        this.collector = collector;
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.secret()))
                .build());
        endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .build();
        endpoint.start();
    }

    /** Sends a confirmable request to {@code /<path>} and waits up to 10 s for the response. */
    public Response send(Code method, String pathAndQuery, int contentFormat, byte[] payload)
            throws InterruptedException {
        Request request = new Request(method);
        request.setDestinationContext(new AddressEndpointContext(collector));
        String[] parts = pathAndQuery.split("\\?", 2);
        request.getOptions().setUriPath(parts[0]);
        if (parts.length > 1) {
            for (String query : parts[1].split("&")) {
                request.getOptions().addUriQuery(query);
            }
        }
        if (contentFormat >= 0) {
            request.getOptions().setContentFormat(contentFormat);
        }
        request.setPayload(payload);
        endpoint.sendRequest(request);
        Response response = request.waitForResponse(10_000);
        if (response == null) {
            throw new AssertionError("no response to " + method + " " + pathAndQuery);
        }
        return response;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
