// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.TestCa;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.TrustAnchors;
import org.junit.jupiter.api.Test;

/**
 * SECURITY R15 at the node's Scandium boundary: the collector's chain is accepted only when {@code
 * ServerCertificateCheck} accepts it, and each refusal ends the handshake with its own fatal alert.
 */
class ServerChainVerifierTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(10));
    private static final String NAME = "collector.example";

    private final TestCa ca = TestCa.create("village-ca", T0);
    private final KeyPair keys = NodeKeys.generate();
    private final ServerChainVerifier verifier = new ServerChainVerifier(anchors(ca), NAME, () -> NOW);

    private static TrustAnchors anchors(TestCa ca) {
        TrustAnchors anchors = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));
        try {
            anchors.acceptCaCertificates(List.of(ca.certificate()), T0.plusSeconds(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return anchors;
    }

    private CertificateVerificationResult verify(CertificateMessage message) {
        return verifier.verifyCertificate(
                ConnectionId.EMPTY, null, new InetSocketAddress("127.0.0.1", 5684), false, true, false, message);
    }

    private CertificateVerificationResult verify(X509Certificate... chain) {
        return verify(new CertificateMessage(List.of(chain)));
    }

    private static void refusedWith(CertificateVerificationResult result, AlertDescription alert) {
        assertThat(result.getCertificatePath()).isNull();
        assertThat(result.getException()).isNotNull();
        assertThat(result.getException().getAlert().getLevel()).isEqualTo(AlertLevel.FATAL);
        assertThat(result.getException().getAlert().getDescription()).isEqualTo(alert);
    }

    @Test
    void theCollectorsCurrentCertificate_isAccepted() {
        X509Certificate server = ca.issueServer(keys.getPublic(), NAME, T0, Duration.ofDays(365));

        CertificateVerificationResult result = verify(server, ca.certificate());

        assertThat(result.getException()).isNull();
        assertThat(result.getCertificatePath().getCertificates()).first().isEqualTo(server);
        assertThat(verifier.getAcceptedIssuers())
                .containsExactly(ca.certificate().getSubjectX500Principal());
    }

    @Test
    void anExpiredCertificate_endsWithCertificateExpired() {
        refusedWith(
                verify(ca.issueServer(keys.getPublic(), NAME, T0, Duration.ofDays(5))),
                AlertDescription.CERTIFICATE_EXPIRED);
    }

    @Test
    void aCertificateOfARogueCa_endsWithUnknownCa() {
        TestCa rogue = TestCa.create("village-ca", T0);

        refusedWith(
                verify(rogue.issueServer(keys.getPublic(), NAME, T0, Duration.ofDays(365))),
                AlertDescription.UNKNOWN_CA);
    }

    @Test
    void aCertificateForAnotherName_endsWithBadCertificate() {
        refusedWith(
                verify(ca.issueServer(keys.getPublic(), "other.example", T0, Duration.ofDays(365))),
                AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void aRawPublicKey_endsWithBadCertificate() {
        refusedWith(verify(new CertificateMessage(keys.getPublic())), AlertDescription.BAD_CERTIFICATE);
    }
}
