// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.security.trust.NodeCertificateCheckTest.reason;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

/** SECURITY R15: expired, wrong-name, self-signed and rogue-CA servers are refused; the right one accepted. */
class ServerCertificateCheckTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private final TestCa ca = TestCa.create("village-ca", T0);
    private final TrustAnchors anchors = NodeCertificateCheckTest.anchors(ca);
    private final KeyPair keys = NodeKeys.generate();

    private void verify(X509Certificate cert, String name) throws CertificateRejectedException {
        ServerCertificateCheck.verify(List.of(cert), name, anchors, NOW);
    }

    @Test
    void rightServer_isAccepted_byDnsNameCaseInsensitive_orByAddress() {
        X509Certificate byName = ca.issueServer(keys.getPublic(), "collector.village.example", T0, Duration.ofDays(90));
        X509Certificate byAddress = ca.issueServer(keys.getPublic(), "127.0.0.1", T0, Duration.ofDays(90));
        X509Certificate byV6 = ca.issueServer(keys.getPublic(), "::1", T0, Duration.ofDays(90));

        assertThatCode(() -> verify(byName, "Collector.Village.example")).doesNotThrowAnyException();
        assertThatCode(() -> verify(byAddress, "127.0.0.1")).doesNotThrowAnyException();
        assertThatCode(() -> verify(byV6, "[0:0:0:0:0:0:0:1]")).doesNotThrowAnyException();
    }

    @Test
    void expiredServer_isRefused() {
        X509Certificate cert = ca.issueServer(keys.getPublic(), "collector", T0, Duration.ofDays(1));

        assertThatThrownBy(() -> verify(cert, "collector")).satisfies(e -> reason(e, Rejection.EXPIRED));
    }

    @Test
    void wrongName_isRefused_andCnIsNotConsulted() {
        X509Certificate cert = ca.issueServer(keys.getPublic(), "other.example", T0, Duration.ofDays(90));
        X509Certificate cnOnly = ca.issue(
                keys.getPublic(),
                "collector",
                T0,
                T0.plus(Duration.ofDays(90)),
                List.of(),
                KeyPurposeId.id_kp_serverAuth);

        assertThatThrownBy(() -> verify(cert, "collector")).satisfies(e -> reason(e, Rejection.NAME_MISMATCH));
        assertThatThrownBy(() -> verify(cnOnly, "collector")).satisfies(e -> reason(e, Rejection.NAME_MISMATCH));
        assertThatThrownBy(
                        () -> verify(ca.issueServer(keys.getPublic(), "10.0.0.2", T0, Duration.ofDays(90)), "10.0.0.3"))
                .satisfies(e -> reason(e, Rejection.NAME_MISMATCH));
    }

    @Test
    void selfSignedServer_isRefused() {
        TestCa self = TestCa.create("collector", T0);

        assertThatThrownBy(() -> verify(self.certificate(), "collector"))
                .satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER));
    }

    @Test
    void rogueCaServer_isRefused() {
        TestCa rogue = TestCa.create("village-ca", T0);
        X509Certificate cert = rogue.issueServer(keys.getPublic(), "collector", T0, Duration.ofDays(90));

        assertThatThrownBy(() -> verify(cert, "collector")).satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER));
    }

    @Test
    void clientCertificatePresentedAsServer_isRefused() {
        X509Certificate cert = ca.issue(
                keys.getPublic(),
                "collector",
                T0,
                T0.plus(Duration.ofDays(90)),
                List.of(new GeneralName(GeneralName.dNSName, "collector")),
                KeyPurposeId.id_kp_clientAuth);

        assertThatThrownBy(() -> verify(cert, "collector")).satisfies(e -> reason(e, Rejection.WRONG_KEY_USAGE));
    }

    @Test
    void noAnchorYet_refusesEverything() {
        TrustAnchors pinOnly = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));
        X509Certificate cert = ca.issueServer(keys.getPublic(), "collector", T0, Duration.ofDays(90));

        assertThatThrownBy(() -> ServerCertificateCheck.verify(List.of(cert), "collector", pinOnly, NOW))
                .satisfies(e -> reason(e, Rejection.UNTRUSTED_ISSUER));
    }
}
