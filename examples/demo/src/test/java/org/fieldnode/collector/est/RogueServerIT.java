// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.security.identity.CryptoProvider;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R15 from the node's side, on real loopback DTLS: an enrolled node reporting to a Scandium server that
 * presents an expired certificate of the right CA, a self-signed certificate, or a certificate of another (rogue) CA
 * — each naming 127.0.0.1 and each on the node's only suite — refuses the handshake, so no reading reaches that
 * server. (The wrong-name case is {@code TransportSecurityIT#r15_collectorCertificateForAnotherName…}.) A control
 * run with the genuine server identity proves the rig itself lets a good server through.
 */
class RogueServerIT {
    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;
    private EnrolmentLoopback.Node node;

    @BeforeEach
    void enrol() throws Exception {
        loopback = new EnrolmentLoopback(dir);
        node = loopback.node("n").importBundle(loopback.issueBundle("n", dir.resolve("n.bundle")));
        node.enrolment.step();
        assertThat(node.enrolment.usableIdentity()).isPresent();
    }

    @AfterEach
    void stop() {
        node.close();
        loopback.close();
    }

    @Test
    void control_aServerWithACurrentCertificateOfThePinnedCa_isAccepted() throws Exception {
        CollectorCa.ServerIdentity good = copyOfTheCa("good").serverIdentity(List.of("127.0.0.1"), Instant.now());
        assertThat(reportTo(good)).isEqualTo(1);
    }

    @Test
    void expiredCertificateOfThePinnedCa_isRefused() throws Exception {
        // Issued by the real CA key 400 days ago with a one-year life: expired 35 days ago.
        CollectorCa.ServerIdentity expired = copyOfTheCa("expired")
                .serverIdentity(List.of("127.0.0.1"), Instant.now().minus(Duration.ofDays(400)));
        assertThat(expired.chain().get(0).getNotAfter().toInstant()).isBefore(Instant.now());
        assertThat(reportTo(expired)).isZero();
    }

    @Test
    void selfSignedCertificate_isRefused() throws Exception {
        KeyPair keys = NodeKeys.generate();
        X500Name name = new X500Name("CN=127.0.0.1");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.valueOf(Instant.now().toEpochMilli()),
                Date.from(Instant.now().minus(Duration.ofMinutes(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))),
                name,
                keys.getPublic());
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate self = new JcaX509CertificateConverter()
                .setProvider(CryptoProvider.bc())
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(CryptoProvider.bc())
                        .build(keys.getPrivate())));
        assertThat(reportTo(new CollectorCa.ServerIdentity(keys.getPrivate(), List.of(self))))
                .isZero();
    }

    @Test
    void certificateOfARogueCa_isRefused() throws Exception {
        // Another collector's CA: same shape, same names, a different key than the fingerprint pinned at enrolment.
        Path rogue = Files.createDirectories(dir.resolve("rogue"));
        CollectorCa rogueCa = CollectorCa.openOrCreate(rogue, Instant.now());
        assertThat(rogueCa.fingerprint()).isNotEqualTo(loopback.enrolment.ca().fingerprint());
        assertThat(reportTo(rogueCa.serverIdentity(List.of("127.0.0.1"), Instant.now())))
                .isZero();
    }

    /** A second handle on the collector's CA files (so the live collector's own server key is left alone). */
    private CollectorCa copyOfTheCa(String name) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(name));
        Path from = CollectorCa.directory(dir.resolve("collector"));
        Path to = Files.createDirectories(CollectorCa.directory(copy));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        CollectorCa ca = CollectorCa.openOrCreate(copy, Instant.now());
        assertThat(ca.fingerprint()).isEqualTo(loopback.enrolment.ca().fingerprint());
        return ca;
    }

    /**
     * Starts a Scandium CoAPS server presenting {@code identity}, has the enrolled node report one batch to it
     * (checking the name 127.0.0.1 against its pinned CA) and returns how many requests reached the server.
     */
    private int reportTo(CollectorCa.ServerIdentity identity) throws IOException, InterruptedException {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        identity.key(), identity.chain().toArray(new X509Certificate[0]), CertificateType.X_509))
                .build());
        AtomicInteger requests = new AtomicInteger();
        CoapServer server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .build());
        server.add(new CoapResource("r") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                requests.incrementAndGet();
                exchange.respond(org.eclipse.californium.core.coap.CoAP.ResponseCode.CHANGED);
            }
        });
        server.start();
        try {
            int port = connector.getAddress().getPort();
            try (CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                    URI.create("coaps://127.0.0.1:" + port + "/r"),
                    node.id.value(),
                    new DtlsCredentials.Certificate(
                            node.identity(), node.anchors().orElseThrow(), "127.0.0.1"),
                    SenmlFormat.CBOR,
                    Duration.ofSeconds(4),
                    LinkSettings.defaults(),
                    Optional.empty()))) {
                ReportResult result = reporter.report(EnrolmentLoopback.batch(0, 20));
                if (requests.get() == 0) {
                    assertThat(result)
                            .isInstanceOfSatisfying(
                                    ReportResult.Unreachable.class,
                                    u -> assertThat(u.reason())
                                            .contains("DTLS handshake with 127.0.0.1:" + port + " failed"));
                }
            }
            return requests.get();
        } finally {
            server.destroy();
        }
    }
}
