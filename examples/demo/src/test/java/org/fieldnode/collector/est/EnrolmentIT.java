// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.enrol.EstCredential;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.enrol.SecurityState;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrolment end to end over real Scandium DTLS on loopback (SECURITY R3–R6, R16, R17): the collector issues a
 * bundle, the node imports it into its keystore, enrols over EST-coaps with the bootstrap PSK, and reports with its
 * certificate; then what must be refused is refused.
 */
class EnrolmentIT {
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

    private EnrolmentLoopback.Node enrolled(String name) throws Exception {
        EnrolmentLoopback.Node node =
                loopback.node(name).importBundle(loopback.issueBundle(name, dir.resolve(name + ".bundle")));
        node.enrolment.step();
        assertThat(node.enrolment.state().phase()).isEqualTo(SecurityState.Phase.OK);
        return node;
    }

    /**
     * Issue 20: a collector killed and restarted at once knows none of the enrolled node's DTLS sessions. The report
     * and the EST request in flight on them get no answer; the next of each makes a new handshake (ECDHE with the
     * node's certificate) and is answered.
     */
    @Test
    void collectorRestartedWithoutItsSessions_reportsAndEstGetThroughOnTheFirstRetry() throws Exception {
        try (EnrolmentLoopback.Node node = enrolled("weather-09");
                CoapReporter reporter = node.reporter()) {
            EstCredential.Enrolled credential = new EstCredential.Enrolled(node.identity());
            assertThat(reporter.report(EnrolmentLoopback.batch(0, 20.5))).isEqualTo(new ReportResult.Acknowledged(0));
            assertThat(node.transport.caCertificates(credential)).isInstanceOf(EstResponse.Content.class);

            loopback.crashAndRestartCollector();

            assertThat(reporter.report(EnrolmentLoopback.batch(1, 20.6))).isInstanceOf(ReportResult.Unreachable.class);
            assertThat(reporter.report(EnrolmentLoopback.batch(1, 20.6))).isEqualTo(new ReportResult.Acknowledged(1));
            assertThatThrownBy(() -> node.transport.caCertificates(credential))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no CoAP answer");
            assertThat(node.transport.caCertificates(credential)).isInstanceOf(EstResponse.Content.class);
            assertThat(loopback.collector.handshakes().full()).isEqualTo(2);
        }
        assertThat(loopback.collector.store().all())
                .extracting(StoredReading::sequence)
                .containsExactly(1L);
    }

    @Test
    void bundleFromCollector_enrolsAndReportsOverX509_storedUnderTheCertificateCn() throws Exception {
        Path bundle = loopback.issueBundle("weather-07", dir.resolve("fieldnode-bundle.txt"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
                .isEqualTo("rw-------");
        String issued = Files.readString(bundle);
        assertThat(issued)
                .contains("psk.key=", "ca.sha256=" + loopback.enrolment.ca().fingerprint(), "node.name=weather-07");

        try (EnrolmentLoopback.Node node = loopback.node("node").importBundle(bundle)) {
            assertThat(Files.readString(bundle)).doesNotContain("psk.key=");
            assertThat(node.enrolment.state().phase()).isEqualTo(SecurityState.Phase.BOOTSTRAP);

            node.enrolment.step();

            assertThat(node.enrolment.state()).hasToString("OK");
            DeviceIdentity identity = node.identity();
            assertThat(identity.certificate().getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + node.id.value());
            assertThat(Duration.between(identity.notBefore(), identity.notAfter()))
                    .isEqualTo(Duration.ofDays(90).plusMinutes(1));
            assertThat(node.credentials.enrolmentCredential()).isEmpty();
            assertThat(node.events)
                    .extracting(e -> e.code())
                    .contains(SecurityEventCode.ENROLLED, SecurityEventCode.ENROLMENT_CREDENTIAL_DELETED);
            assertThat(loopback.enrolment
                            .registry()
                            .credential(node.settings.pskIdentity())
                            .orElseThrow()
                            .state())
                    .isEqualTo("used");
            assertThat(loopback.enrolment.registry().node(node.id).orElseThrow().device())
                    .isEqualTo("weather-07");

            try (CoapReporter reporter = node.reporter()) {
                assertThat(reporter.report(EnrolmentLoopback.batch(0, 21.5)))
                        .isEqualTo(new ReportResult.Acknowledged(0));
            }
            assertThat(loopback.collector.store().all())
                    .extracting(StoredReading::device, StoredReading::name, StoredReading::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(node.id.value(), "env0/temperature", 21.5));
            assertOpensslVerifies(identity);
        }
    }

    /** The issue's "done when": the issued certificate verifies with openssl against the CA. */
    private void assertOpensslVerifies(DeviceIdentity identity) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path leaf = dir.resolve("node.pem");
        Files.writeString(ca, pem(loopback.enrolment.ca().certificate().getEncoded()));
        Files.writeString(leaf, pem(identity.certificate().getEncoded()));
        Process p = new ProcessBuilder(
                        "openssl", "verify", "-purpose", "sslclient", "-CAfile", ca.toString(), leaf.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains(": OK");
        assertThat(p.exitValue()).isZero();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void r4_bootstrapCredentialUsedOnce_aCopyOfTheBundleCannotEnrolAgain() throws Exception {
        Path bundle = loopback.issueBundle("soil-01", dir.resolve("soil.bundle"));
        Path copy = dir.resolve("copy.bundle");
        Files.copy(bundle, copy, StandardCopyOption.COPY_ATTRIBUTES);
        try (EnrolmentLoopback.Node first = loopback.node("first").importBundle(bundle);
                EnrolmentLoopback.Node second = loopback.node("second").importBundle(copy)) {
            first.enrolment.step();
            assertThat(first.enrolment.state()).hasToString("OK");

            PskCredential reused = second.credentials.enrolmentCredential().orElseThrow();
            // The used key still completes a handshake, and EST says in one sentence why it is refused (item 8).
            assertThat(second.transport.caCertificates(new EstCredential.Bootstrap(reused)))
                    .isEqualTo(new EstResponse.Refused("4.03", "this bundle was already used: ask for a new one"));
            byte[] csr = CertificateRequest.create(second.id, NodeKeys.generate());
            assertThat(second.transport.simpleEnrol(csr, new EstCredential.Bootstrap(reused)))
                    .isEqualTo(new EstResponse.Refused("4.03", "this bundle was already used: ask for a new one"));
            Duration retry = second.enrolment.step();
            assertThat(second.enrolment.state()).hasToString("DEGRADED(bundle-refused)");
            assertThat(second.enrolment.usableIdentity()).isEmpty();
            assertThat(retry).isPositive();
        }
        assertThat(loopback.enrolment.registry().nodes()).hasSize(1);
    }

    @Test
    void r3_bootstrapSession_mayEnrolButNeverPostReadings() throws Exception {
        try (EnrolmentLoopback.Node node =
                loopback.node("node").importBundle(loopback.issueBundle("air-02", dir.resolve("air.bundle")))) {
            PskCredential bootstrap = node.credentials.enrolmentCredential().orElseThrow();
            // The bootstrap credential completes a handshake and may read /crts ...
            EstResponse crts = node.transport.caCertificates(new EstCredential.Bootstrap(bootstrap));
            assertThat(crts).isInstanceOf(EstResponse.Content.class);
            // ... but a batch posted with it is refused and nothing is stored.
            try (CoapReporter reporter = new CoapReporter(new org.fieldnode.runtime.report.coap.CoapReporterSettings(
                    loopback.base.resolve("/r"),
                    "enrol",
                    bootstrap,
                    org.fieldnode.protocol.senml.SenmlFormat.CBOR,
                    EnrolmentLoopback.TIMEOUT))) {
                ReportResult result = reporter.report(EnrolmentLoopback.batch(0, 20));
                assertThat(result)
                        .isInstanceOfSatisfying(
                                ReportResult.Rejected.class,
                                r -> assertThat(r.code()).isEqualTo("4.03"));
            }
            assertThat(loopback.collector.store().size()).isZero();
        }
    }

    @Test
    void r16_enrolledNodeCannotReportAsAnotherDevice() throws Exception {
        try (EnrolmentLoopback.Node alice = enrolled("alice");
                EnrolmentLoopback.Node bob = enrolled("bob")) {
            // A SenML pack naming bob, sent over alice's certificate session: the collector goes by the certificate.
            int status = RawCertificateClient.postReadingsAs(
                    alice.identity(), alice.anchors().orElseThrow(), loopback.collector.address(), bob.id.value());
            assertThat(status).isEqualTo(403);
            assertThat(loopback.collector.store().size()).isZero();
        }
    }

    @Test
    void r17_revokedNode_cannotReportOnItsSessionNorHandshakeNorRenew() throws Exception {
        try (EnrolmentLoopback.Node node = enrolled("revoked");
                CoapReporter reporter = node.reporter()) {
            assertThat(reporter.report(EnrolmentLoopback.batch(0, 20))).isEqualTo(new ReportResult.Acknowledged(0));

            assertThat(loopback.enrolment.registry().revoke("revoked", Instant.now()))
                    .isEqualTo(1);

            // the established session: refused per request
            assertThat(reporter.report(EnrolmentLoopback.batch(1, 21)))
                    .isInstanceOfSatisfying(
                            ReportResult.Rejected.class,
                            r -> assertThat(r.code()).isEqualTo("4.03"));
            // a new session: refused in the handshake
            try (CoapReporter fresh = node.reporter()) {
                assertThat(fresh.report(EnrolmentLoopback.batch(1, 21))).isInstanceOf(ReportResult.Unreachable.class);
            }
            // re-enrolment with a new key: refused
            byte[] csr = CertificateRequest.create(node.id, NodeKeys.generate());
            EstResponse renewal;
            try {
                renewal = node.transport.simpleReEnrol(csr, new EstCredential.Enrolled(node.identity()));
            } catch (IOException handshakeRefused) {
                renewal = new EstResponse.Refused("handshake", handshakeRefused.getMessage());
            }
            assertThat(renewal).isInstanceOf(EstResponse.Refused.class);
            // and a fresh bundle for the same node id cannot enrol it again
            try (EnrolmentLoopback.Node again = loopback.new Node(dir.resolve("again"), node.id)) {
                again.importBundle(loopback.issueBundle("revoked-again", dir.resolve("again.bundle")));
                again.enrolment.step();
                assertThat(again.enrolment.usableIdentity()).isEmpty();
                assertThat(again.events).extracting(e -> e.detail()).anyMatch(d -> d.contains("4.03"));
            }
        }
        assertThat(loopback.collector.store().size()).isEqualTo(1);
    }

    @Test
    void r6_renewalAtTwoThirds_overTheCertificateSession_withANewKey() throws Exception {
        Instant[] now = {Instant.now()};
        InstantSource clock = () -> now[0];
        try (EnrolmentLoopback.Node node = loopback.node("renew")
                .importBundle(loopback.issueBundle("renew", dir.resolve("renew.bundle")), clock)) {
            node.enrolment.step();
            DeviceIdentity first = node.identity();

            now[0] = org.fieldnode.security.enrol.Enrolment.renewalDue(first.certificate())
                    .plusSeconds(60);
            node.enrolment.step();

            DeviceIdentity renewed = node.identity();
            assertThat(node.enrolment.state()).hasToString("OK");
            assertThat(renewed.publicKey()).isNotEqualTo(first.publicKey());
            assertThat(renewed.certificate().getSerialNumber())
                    .isNotEqualTo(first.certificate().getSerialNumber());
            assertThat(node.events).extracting(e -> e.code()).contains(SecurityEventCode.RENEWED);
            EnrolmentRegistry.NodeRecord record =
                    loopback.enrolment.registry().node(node.id).orElseThrow();
            assertThat(record.serial())
                    .isEqualTo(renewed.certificate().getSerialNumber().toString(16));
            try (CoapReporter reporter = node.reporter()) {
                assertThat(reporter.report(EnrolmentLoopback.batch(0, 20))).isEqualTo(new ReportResult.Acknowledged(0));
            }
        }
    }

    @Test
    void csrRules_badCsrIs400_wrongFormat415_foreignSubject403() throws Exception {
        try (EnrolmentLoopback.Node node =
                loopback.node("csr").importBundle(loopback.issueBundle("csr", dir.resolve("csr.bundle")))) {
            EstCredential.Bootstrap session = new EstCredential.Bootstrap(
                    node.credentials.enrolmentCredential().orElseThrow());
            EstResponse garbage = node.transport.simpleEnrol(new byte[] {0x30, 0x03, 1, 2, 3}, session);
            assertThat(garbage).isInstanceOfSatisfying(EstResponse.Refused.class, r -> {
                assertThat(r.code()).isEqualTo("4.00");
                assertThat(r.diagnostic()).contains("PKCS#10");
            });
            // still unused: a refused request does not spend the credential
            assertThat(loopback.enrolment
                            .registry()
                            .credential(node.settings.pskIdentity())
                            .orElseThrow()
                            .state())
                    .isEqualTo("unused");
        }
    }

    @Test
    void busyCa_answers503WithMaxAge_andTheNodeWaitsAtLeastThat() throws Exception {
        loopback.close();
        loopback = new EnrolmentLoopback(dir.resolve("busy"), 0, new org.fieldnode.collector.InMemoryPskDirectory());
        try (EnrolmentLoopback.Node node =
                loopback.node("busy").importBundle(loopback.issueBundle("busy", dir.resolve("busy.bundle")))) {
            Duration wait = node.enrolment.step();

            assertThat(wait).isGreaterThanOrEqualTo(EstService.busyRetry());
            assertThat(node.enrolment.state().phase()).isEqualTo(SecurityState.Phase.BOOTSTRAP);
            assertThat(node.credentials.enrolmentCredential()).isPresent();
            assertThat(loopback.enrolment
                            .registry()
                            .credential(node.settings.pskIdentity())
                            .orElseThrow()
                            .state())
                    .isEqualTo("unused");
        }
    }
}
