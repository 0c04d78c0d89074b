// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.trust.TrustAnchors;

/**
 * A bare Californium client with a node's real certificate, for sending what fieldnode's reporter never would: a
 * SenML pack that names another device.
 */
final class RawCertificateClient {
    private RawCertificateClient() {}

    /** POSTs one JSON SenML reading named under {@code otherNode}; returns the CoAP code as e.g. 403. */
    static int postReadingsAs(
            DeviceIdentity identity, TrustAnchors anchors, InetSocketAddress collector, String otherNode)
            throws Exception {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        identity.privateKey(), identity.chain().toArray(new X509Certificate[0]), CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(anchors.anchors().toArray(new X509Certificate[0]))
                        .build())
                .build());
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .build();
        endpoint.start();
        try {
            Request post = Request.newPost();
            post.setDestinationContext(new AddressEndpointContext(collector));
            post.getOptions().setUriPath("r").addUriQuery("s=0").setContentFormat(110);
            long t = Instant.now().getEpochSecond();
            post.setPayload(("[{\"bn\":\"urn:dev:ops:" + otherNode + ":\",\"n\":\"env0/temperature\",\"u\":\"Cel\","
                            + "\"v\":20.5,\"t\":" + t + "}]")
                    .getBytes(StandardCharsets.UTF_8));
            endpoint.sendRequest(post);
            Response response = post.waitForResponse(8_000);
            if (response == null) {
                throw new AssertionError("no answer: " + post.getSendError());
            }
            return response.getCode().codeClass * 100 + response.getCode().codeDetail;
        } finally {
            endpoint.destroy();
        }
    }
}
