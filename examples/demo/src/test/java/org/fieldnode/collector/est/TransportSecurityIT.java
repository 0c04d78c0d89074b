// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapEstTransport;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.security.enrol.EstContentFormat;
import org.fieldnode.security.enrol.EstPayloads;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport rules around enrolment on real sockets (SECURITY R5 block-wise, R13, R14, R15): no plain CoAP, no
 * suite but the two CCM_8 ones, the collector's name checked, certificates carried block-wise.
 */
class TransportSecurityIT {
    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;

    @BeforeEach
    void start() throws Exception {
        loopback = new EnrolmentLoopback(dir);
    }

    @AfterEach
    void stop() {
        loopback.close();
    }

    @Test
    void r13_plainCoap_isRefusedBeforeAnySocketOpens() {
        PskCredential psk = new PskCredential("enrol-0000000000000000", new byte[16]);
        assertThatThrownBy(() -> new CoapReporterSettings(
                        URI.create("coap://127.0.0.1:5683/r"), "n", psk, SenmlFormat.CBOR, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coaps://");
        assertThatThrownBy(() -> new CoapEstTransport(
                        URI.create("coap://127.0.0.1:5683"),
                        Optional::empty,
                        LinkSettings.defaults(),
                        Duration.ofSeconds(1),
                        InstantSource.system()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never uses plain coap");
        assertThatThrownBy(() -> loopback.enrolment
                        .bundles()
                        .issue(
                                org.fieldnode.collector.ca.ProvisioningBundles.Request.of(
                                                "x", URI.create("coap://127.0.0.1:5683"))
                                        .allowingLoopback(),
                                dir.resolve("plain.bundle"),
                                Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never uses plain coap");
        assertThat(dir.resolve("plain.bundle")).doesNotExist();
    }

    @Test
    void r15_collectorCertificateForAnotherName_isRefusedByTheNode() throws Exception {
        try (EnrolmentLoopback.Node node =
                        loopback.node("n").importBundle(loopback.issueBundle("n", dir.resolve("n.bundle")));
                CoapReporter reporter = reporterAfterEnrolment(node, "collector.example")) {
            ReportResult result = reporter.report(EnrolmentLoopback.batch(0, 20));
            assertThat(result)
                    .isInstanceOfSatisfying(
                            ReportResult.Unreachable.class,
                            u -> assertThat(u.reason())
                                    .contains("DTLS handshake with 127.0.0.1:"
                                            + loopback.collector.address().getPort() + " failed"));
        }
        assertThat(loopback.collector.store().size()).isZero();
    }

    private static CoapReporter reporterAfterEnrolment(EnrolmentLoopback.Node node, String expectedServer) {
        node.enrolment.step();
        return node.reporter(expectedServer, Optional.empty());
    }

    /** RFC 7959 Block2 with the block size a client proposes early (here 64 bytes: the CA set takes many). */
    @Test
    void r5_crts_isServedBlockWise() throws Exception {
        try (EnrolmentLoopback.Node node =
                loopback.node("b").importBundle(loopback.issueBundle("b", dir.resolve("b.bundle")))) {
            PskCredential psk = node.credentials.enrolmentCredential().orElseThrow();
            Configuration config =
                    new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
            config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
            byte[] secret = psk.secret();
            CoapEndpoint endpoint = new CoapEndpoint.Builder()
                    .setConfiguration(config)
                    .setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config)
                            .setAddress(new InetSocketAddress(0))
                            .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), secret))
                            .build()))
                    .build();
            AtomicInteger blocks = new AtomicInteger();
            endpoint.addInterceptor(new MessageInterceptorAdapter() {
                @Override
                public void receiveResponse(Response response) {
                    if (response.getOptions().hasBlock2()) {
                        blocks.incrementAndGet();
                    }
                }
            });
            endpoint.start();
            try {
                Request get = Request.newGet();
                get.setDestinationContext(new AddressEndpointContext(loopback.collector.address()));
                get.getOptions().setUriPath(EstContentFormat.PATH_CRTS).setAccept(EstContentFormat.PKCS7_CERTS_ONLY);
                get.getOptions().setBlock2(BlockOption.size2Szx(64), false, 0);
                endpoint.sendRequest(get);
                Response response = get.waitForResponse(8_000);
                assertThat(response).isNotNull();
                assertThat(response.getOptions().getContentFormat()).isEqualTo(EstContentFormat.PKCS7_CERTS_ONLY);
                assertThat(EstPayloads.decodeCertsOnly(response.getPayload()))
                        .containsExactly(loopback.enrolment.ca().certificate());
                assertThat(blocks.get())
                        .isGreaterThan(response.getPayloadSize() / 64 - 1)
                        .isGreaterThan(3);
            } finally {
                endpoint.destroy();
            }
        }
    }

    /**
     * R14 against a peer that is not Scandium: {@code openssl s_server -dtls1_2} with a valid certificate of this
     * CA but only a CBC suite. The node offers only TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, so no session is made and
     * the reason names the suite the node needs.
     */
    @Test
    void r14_opensslServerOfferingOnlyCbc_isRefusedWithAClearReason() throws Exception {
        assumeTrue(opensslPresent(), "Assumptions: openssl is not installed, so the CBC-only server cannot run");
        CollectorCa ca = loopback.enrolment.ca();
        CollectorCa.ServerIdentity server = CollectorCa.openOrCreate(dir.resolve("collector"), Instant.now())
                .serverIdentity(List.of("127.0.0.1"), Instant.now());
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Files.writeString(cert, pem(server.chain().get(0)) + pem(ca.certificate()));
        Files.writeString(key, pem(server.key()));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "s_server",
                        "-dtls1_2",
                        "-accept",
                        "127.0.0.1:" + port,
                        "-cipher",
                        "ECDHE-ECDSA-AES128-SHA256",
                        "-cert",
                        cert.toString(),
                        "-key",
                        key.toString(),
                        "-naccept",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile())
                .start();
        try (EnrolmentLoopback.Node node =
                loopback.node("o").importBundle(loopback.issueBundle("o", dir.resolve("o.bundle")))) {
            node.enrolment.step();
            Thread.sleep(500); // s_server binds its socket
            try (CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                    URI.create("coaps://127.0.0.1:" + port + "/r"),
                    node.id.value(),
                    new DtlsCredentials.Certificate(
                            node.identity(), node.anchors().orElseThrow(), "127.0.0.1"),
                    SenmlFormat.CBOR,
                    EnrolmentLoopback.TIMEOUT,
                    LinkSettings.defaults(),
                    Optional.empty()))) {
                ReportResult result = reporter.report(EnrolmentLoopback.batch(0, 20));
                String serverLog = Files.readString(dir.resolve("openssl.log"));
                assertThat(result)
                        .isInstanceOfSatisfying(
                                ReportResult.Unreachable.class,
                                u -> assertThat(u.reason())
                                        .as(serverLog)
                                        .contains("DTLS handshake with 127.0.0.1:" + port
                                                + " failed: alert handshake_failure")
                                        .contains("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"));
            }
        } finally {
            openssl.destroy();
            openssl.waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("openssl.log"))).contains("no shared cipher");
    }

    private static boolean opensslPresent() {
        try {
            Process p = new ProcessBuilder("openssl", "version")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
