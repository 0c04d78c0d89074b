// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

/** SECURITY R5 fault injection: each bad returned certificate is refused with its own reason. */
class NodeCertificateCheckTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private final TestCa ca = TestCa.create("village-ca", T0);
    private final TestCa rogue = TestCa.create("village-ca", T0); // same name, other key
    private final NodeId id = NodeId.random();
    private final KeyPair keys = NodeKeys.generate();
    private final TrustAnchors anchors = anchors(ca);

    static TrustAnchors anchors(TestCa ca) {
        TrustAnchors anchors = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));
        try {
            anchors.acceptCaCertificates(List.of(ca.certificate()), T0.plusSeconds(1));
        } catch (CertificateRejectedException e) {
            throw new AssertionError(e);
        }
        return anchors;
    }

    private void verify(X509Certificate cert) throws CertificateRejectedException {
        NodeCertificateCheck.verify(List.of(cert), id, keys.getPublic(), anchors, NOW);
    }

    @Test
    void rightCertificate_isAccepted() {
        X509Certificate cert = ca.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(90));

        assertThatCode(() -> verify(cert)).doesNotThrowAnyException();
    }

    @Test
    void certificateForAnotherKey_isWrongKey() {
        X509Certificate cert = ca.issueClient(NodeKeys.generate().getPublic(), id.value(), T0, Duration.ofDays(90));

        assertThatThrownBy(() -> verify(cert)).satisfies(e -> reason(e, Rejection.WRONG_KEY));
    }

    @Test
    void certificateFromARogueCaWithTheSameName_isUntrustedIssuer() {
        X509Certificate cert = rogue.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(90));

        assertThatThrownBy(() -> verify(cert))
                .satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER))
                .hasMessageContaining("does not chain to a current trust anchor");
    }

    @Test
    void expiredCertificate_isExpired() {
        X509Certificate cert = ca.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(5));

        assertThatThrownBy(() -> verify(cert))
                .satisfies(e -> reason(e, Rejection.EXPIRED))
                .hasMessageContaining("expired at 2025-05-06T00:00:00Z");
    }

    @Test
    void notYetValidCertificate_isNotYetValid() {
        X509Certificate cert =
                ca.issueClient(keys.getPublic(), id.value(), NOW.plus(Duration.ofDays(1)), Duration.ofDays(90));

        assertThatThrownBy(() -> verify(cert)).satisfies(e -> reason(e, Rejection.NOT_YET_VALID));
    }

    @Test
    void otherSubject_isWrongSubject() {
        X509Certificate cert = ca.issueClient(keys.getPublic(), NodeId.random().value(), T0, Duration.ofDays(90));

        assertThatThrownBy(() -> verify(cert)).satisfies(e -> reason(e, Rejection.WRONG_SUBJECT));
    }

    @Test
    void serverAuthOnly_isWrongKeyUsage() {
        X509Certificate cert = ca.issue(
                keys.getPublic(),
                id.value(),
                T0,
                T0.plus(Duration.ofDays(90)),
                List.of(),
                KeyPurposeId.id_kp_serverAuth);

        assertThatThrownBy(() -> verify(cert))
                .satisfies(e -> reason(e, Rejection.WRONG_KEY_USAGE))
                .hasMessageContaining("lacks the clientAuth extended key usage");
    }

    @Test
    void noCertificate_isMalformed() {
        assertThatThrownBy(() -> NodeCertificateCheck.verify(List.of(), id, keys.getPublic(), anchors, NOW))
                .satisfies(e -> reason(e, Rejection.MALFORMED));
    }

    /** SECURITY R16: the collector names a node from its client certificate, and only from a sound one. */
    @Test
    void identify_namesTheNodeOfACurrentClientCertificateOfTheCa() throws Exception {
        X509Certificate cert = ca.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(90));

        org.assertj.core.api.Assertions.assertThat(
                        NodeCertificateCheck.identify(List.of(cert, ca.certificate()), List.of(ca.certificate()), NOW))
                .isEqualTo(id);
    }

    @Test
    void identify_refusesACertificateOfARogueCa_asUntrustedIssuer() {
        X509Certificate cert = rogue.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(90));

        assertThatThrownBy(() -> NodeCertificateCheck.identify(List.of(cert), List.of(ca.certificate()), NOW))
                .satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER));
    }

    @Test
    void identify_refusesAnExpiredCertificate_asExpired() {
        X509Certificate cert = ca.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(5));

        assertThatThrownBy(() -> NodeCertificateCheck.identify(List.of(cert), List.of(ca.certificate()), NOW))
                .satisfies(e -> reason(e, Rejection.EXPIRED));
    }

    @Test
    void identify_refusesACertificateWithoutClientAuth_asWrongKeyUsage() {
        X509Certificate cert = ca.issueServer(keys.getPublic(), "collector.example", T0, Duration.ofDays(90));

        assertThatThrownBy(() -> NodeCertificateCheck.identify(List.of(cert), List.of(ca.certificate()), NOW))
                .satisfies(e -> reason(e, Rejection.WRONG_KEY_USAGE));
    }

    @Test
    void identify_refusesASubjectThatIsNotExactlyOneNodeIdCn_asWrongSubject() {
        X509Certificate extraRdn = ca.issueClient(keys.getPublic(), id.value() + ",O=village", T0, Duration.ofDays(90));
        X509Certificate noNodeId = ca.issueClient(keys.getPublic(), "gateway", T0, Duration.ofDays(90));

        for (X509Certificate cert : List.of(extraRdn, noNodeId)) {
            assertThatThrownBy(() -> NodeCertificateCheck.identify(List.of(cert), List.of(ca.certificate()), NOW))
                    .satisfies(e -> reason(e, Rejection.WRONG_SUBJECT))
                    .hasMessageContaining("names no node id");
        }
        org.assertj.core.api.Assertions.assertThat(NodeCertificateCheck.nodeId(extraRdn))
                .isEmpty();
    }

    @Test
    void identify_refusesNoCertificate_andTheCaItself() {
        assertThatThrownBy(() -> NodeCertificateCheck.identify(List.of(), List.of(ca.certificate()), NOW))
                .satisfies(e -> reason(e, Rejection.MALFORMED));
        assertThatThrownBy(
                        () -> NodeCertificateCheck.identify(List.of(ca.certificate()), List.of(ca.certificate()), NOW))
                .satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER));
    }

    static void reason(Throwable e, Rejection expected) {
        org.assertj.core.api.Assertions.assertThat(e).isInstanceOf(CertificateRejectedException.class);
        org.assertj.core.api.Assertions.assertThat(((CertificateRejectedException) e).reason())
                .isEqualTo(expected);
    }
}
