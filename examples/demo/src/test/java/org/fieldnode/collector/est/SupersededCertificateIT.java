// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.security.csr.CertificateRequest;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EstCredential;
import org.fieldnode.security.enrol.EstResponse;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R20 over real Scandium DTLS on loopback: after {@code /sren} the renewed certificate supersedes the old
 * one at once. The old certificate (and its key) is refused on its open session (4.03 per request), in a new
 * handshake, and for another renewal; the new one reports; and the old certificate's sessions are ended: as soon
 * as the node connects with its new certificate, or, if it never does, once the grace for a lost answer has passed.
 */
class SupersededCertificateIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;

    @AfterEach
    void stop() {
        if (loopback != null) {
            loopback.close();
        }
    }

    @Test
    void afterRenewal_theOldCertificateIsRefusedEverywhere_theNewOneWorks_andOldSessionsEnd() throws Exception {
        loopback = new EnrolmentLoopback(dir, EnrolmentServer.SIGNING_SLOTS, new InMemoryPskDirectory());
        Instant[] now = {Instant.now()};
        InstantSource clock = () -> now[0];
        try (EnrolmentLoopback.Node node = loopback.node("renew")
                .importBundle(loopback.issueBundle("renew", dir.resolve("renew.bundle")), clock)) {
            node.enrolment.step();
            DeviceIdentity old = node.identity();
            try (CoapReporter oldReporter = node.reporter()) {
                assertThat(oldReporter.report(EnrolmentLoopback.batch(0, 20)))
                        .isEqualTo(new ReportResult.Acknowledged(0));

                now[0] = Enrolment.renewalDue(old.certificate()).plusSeconds(60);
                node.enrolment.step();
                DeviceIdentity renewed = node.identity();
                assertThat(renewed.certificate().getSerialNumber())
                        .isNotEqualTo(old.certificate().getSerialNumber());

                // the old certificate's open session: refused per request, at once
                assertThat(oldReporter.report(EnrolmentLoopback.batch(1, 21)))
                        .isInstanceOfSatisfying(
                                ReportResult.Rejected.class,
                                r -> assertThat(r.code()).isEqualTo("4.03"));
                // a new handshake with the old certificate: refused
                try (CoapReporter again = new CoapReporter(reporterSettings(node, old))) {
                    assertThat(again.report(EnrolmentLoopback.batch(1, 21)))
                            .isInstanceOf(ReportResult.Unreachable.class);
                }
                // renewing again with the old certificate: refused
                EstResponse renewal;
                try {
                    renewal = node.transport.simpleReEnrol(
                            CertificateRequest.create(node.id, NodeKeys.generate()), new EstCredential.Enrolled(old));
                } catch (IOException handshakeRefused) {
                    renewal = new EstResponse.Refused("handshake", handshakeRefused.getMessage());
                }
                assertThat(renewal).isInstanceOf(EstResponse.Refused.class);

                // the new certificate reports; its first handshake ends the old certificate's sessions
                try (CoapReporter fresh = node.reporter()) {
                    assertThat(fresh.report(EnrolmentLoopback.batch(1, 21)))
                            .isEqualTo(new ReportResult.Acknowledged(1));
                    await(() -> loopback.collector.heldSessions(node.id.value()) == 1);
                }
            }
            assertThat(loopback.collector.store().all()).hasSize(2);
            assertThat(loopback.events())
                    .contains("node=" + node.id + " code=FN-SEC-1002 event=enrolled")
                    .contains("node=" + node.id + " code=FN-SEC-1012 event=renewed severity=info detail=\"serial="
                            + renewed(node).certificate().getSerialNumber().toString(16) + " supersedes="
                            + old.certificate().getSerialNumber().toString(16))
                    .contains("code=FN-SEC-3001 event=authentication_failed");
        }
    }

    @Test
    void aNodeThatNeverConnectsWithItsNewCertificate_losesItsOldSessionsAfterTheGrace() throws Exception {
        loopback = new EnrolmentLoopback(
                dir,
                EnrolmentServer.SIGNING_SLOTS,
                new InMemoryPskDirectory(),
                b -> b.supersededGrace(Duration.ofSeconds(1)));
        Instant[] now = {Instant.now()};
        InstantSource clock = () -> now[0];
        try (EnrolmentLoopback.Node node = loopback.node("quiet")
                .importBundle(loopback.issueBundle("quiet", dir.resolve("quiet.bundle")), clock)) {
            node.enrolment.step();
            DeviceIdentity old = node.identity();
            try (CoapReporter oldReporter = node.reporter()) {
                assertThat(oldReporter.report(EnrolmentLoopback.batch(0, 20)))
                        .isEqualTo(new ReportResult.Acknowledged(0));
                // the reporter's and the EST transport's sessions, both with the old certificate
                now[0] = Enrolment.renewalDue(old.certificate()).plusSeconds(60);
                node.enrolment.step();
                assertThat(node.identity().certificate().getSerialNumber())
                        .isNotEqualTo(old.certificate().getSerialNumber());

                await(() -> loopback.collector.heldSessions(node.id.value()) == 0);
            }
        }
    }

    private static DeviceIdentity renewed(EnrolmentLoopback.Node node) {
        return node.identity();
    }

    private org.fieldnode.runtime.report.coap.CoapReporterSettings reporterSettings(
            EnrolmentLoopback.Node node, DeviceIdentity identity) {
        return new org.fieldnode.runtime.report.coap.CoapReporterSettings(
                loopback.base.resolve("/r"),
                node.id.value(),
                new org.fieldnode.runtime.report.coap.DtlsCredentials.Certificate(
                        identity, node.anchors().orElseThrow(), "127.0.0.1"),
                org.fieldnode.protocol.senml.SenmlFormat.CBOR,
                EnrolmentLoopback.TIMEOUT,
                org.fieldnode.runtime.config.LinkSettings.defaults(),
                java.util.Optional.empty());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
