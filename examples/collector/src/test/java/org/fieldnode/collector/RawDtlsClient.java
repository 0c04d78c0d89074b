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
        this(collector, psk, true);
    }

    /**
     * @param transparentBlockwise false: Block2 responses are handed over one block at a time, as a node that
     *     resumes a release download asks for them (CoapConfig.MAX_RESOURCE_BODY_SIZE 0)
     */
    public RawDtlsClient(InetSocketAddress collector, PskCredential psk, boolean transparentBlockwise)
            throws IOException {
        this.collector = collector;
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        if (!transparentBlockwise) {
            config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        }
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

    /** GETs block {@code number} of {@code 2^(szx+4)} bytes (RFC 7959 §2.2) of {@code /<path>}. */
    public Response getBlock(String path, int szx, int number) throws InterruptedException {
        Request request = new Request(Code.GET);
        request.setDestinationContext(new AddressEndpointContext(collector));
        request.getOptions().setUriPath(path);
        request.getOptions().setBlock2(szx, false, number);
        endpoint.sendRequest(request);
        Response response = request.waitForResponse(10_000);
        if (response == null) {
            throw new AssertionError("no response to GET " + path + " block " + number);
        }
        return response;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
