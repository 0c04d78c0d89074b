// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldnode.security.enrol.EnrolmentFixture.T0;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.FakeEstTransport;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY R5 fault injection: the CA answers /sen with a certificate that must not be used. Each is refused with
 * its own reason, the node stays in BOOTSTRAP with its PSK, and nothing is stored.
 */
class EnrolmentRejectionTest {
    @TempDir
    Path dir;

    /** A bad answer, built from the fixture and the CSR's public key. */
    interface BadAnswer extends Function<EnrolmentFixture, FakeEstTransport.Issuer> {}

    static Stream<Arguments> badCertificates() {
        BadAnswer rogueCa = f -> csr -> FakeEstTransport.pkix(TestCa.create("village-ca", T0.minusSeconds(60))
                .issueClient(key(csr), f.nodeId.value(), T0, Duration.ofDays(90)));
        BadAnswer expired = f -> csr -> FakeEstTransport.pkix(
                f.ca.issueClient(key(csr), f.nodeId.value(), T0.minus(Duration.ofDays(91)), Duration.ofDays(90)));
        BadAnswer wrongKey = f -> csr -> FakeEstTransport.pkix(
                f.ca.issueClient(NodeKeys.generate().getPublic(), f.nodeId.value(), T0, Duration.ofDays(90)));
        BadAnswer wrongSubject = f -> csr ->
                FakeEstTransport.pkix(f.ca.issueClient(key(csr), NodeId.random().value(), T0, Duration.ofDays(90)));
        BadAnswer garbage = f -> csr -> new EstResponse.Content(EstContentFormat.PKIX_CERT, new byte[] {0x30, 0x03, 1});
        return Stream.of(
                Arguments.of("wrong CA", rogueCa, "untrusted-issuer"),
                Arguments.of("expired", expired, "expired"),
                Arguments.of("wrong key", wrongKey, "wrong-key"),
                Arguments.of("wrong subject", wrongSubject, "wrong-subject"),
                Arguments.of("not a certificate", garbage, "not a DER certificate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCertificates")
    void badIssuedCertificate_isRefusedWithItsReason(String name, BadAnswer answer, String reason) throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        f.est.nextIssue(answer.apply(f));
        Enrolment enrolment = f.enrolment();

        enrolment.step();

        assertNotEnrolled(f, enrolment);
        assertThat(f.events)
                .filteredOn(e -> e.code() == SecurityEventCode.ENROLMENT_FAILED)
                .singleElement()
                .extracting(SecurityEvent::detail)
                .asString()
                .contains(reason);
    }

    @org.junit.jupiter.api.Test
    void caSetNotMatchingThePin_isRefused_beforeAnyCsrIsSent() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        f.est.nextCrts(new EstResponse.Content(
                EstContentFormat.PKCS7_CERTS_ONLY,
                TestCa.create("village-ca", T0).certsOnly()));
        Enrolment enrolment = f.enrolment();

        enrolment.step();

        assertNotEnrolled(f, enrolment);
        assertThat(f.est.calls()).extracting(FakeEstTransport.Call::path).containsExactly(EstContentFormat.PATH_CRTS);
        assertThat(f.events).anySatisfy(e -> assertThat(e.detail()).startsWith("ca-not-pinned"));
        assertThat(f.credentials.trustAnchors().orElseThrow().anchors()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void crtsInTheWrongContentFormat_isRefused() throws Exception {
        EnrolmentFixture f = new EnrolmentFixture(dir).provisioned();
        f.est.nextCrts(new EstResponse.Content(
                EstContentFormat.PKIX_CERT, f.ca.certificate().getEncoded()));
        Enrolment enrolment = f.enrolment();

        enrolment.step();

        assertNotEnrolled(f, enrolment);
        assertThat(f.events).anySatisfy(e -> assertThat(e.detail()).contains("expected 281"));
    }

    private static void assertNotEnrolled(EnrolmentFixture f, Enrolment enrolment) throws Exception {
        assertThat(enrolment.state()).hasToString("DEGRADED(enrolment-failing)");
        assertThat(enrolment.usableIdentity()).isEmpty();
        assertThat(f.credentials.enrolmentCredential()).isPresent();
        assertThat(f.openCredentials().identity(f.nodeId)).isEmpty();
    }

    private static java.security.PublicKey key(byte[] csr) {
        try {
            return new JcaPKCS10CertificationRequest(csr).getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
