// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R16, R17, R20, R29 at the collector's Scandium boundary: a node's client certificate is let in only when
 * it chains to this collector's CA, names an enrolled node and is that node's current, unrevoked certificate; each
 * refusal ends the handshake with its own fatal alert, and a subject a peer chose reaches the log only neutralised.
 */
class NodeCertificateVerifierTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final KeyPair keys = NodeKeys.generate();
    private final NodeId node = NodeId.random();
    private EnrolmentServer server;
    private NewAdvancedCertificateVerifier verifier;
    private X509Certificate current;

    @BeforeEach
    void enrol() throws Exception {
        server = EnrolmentServer.open(dir, List.of("127.0.0.1"), now::get);
        verifier = server.clientVerifier();
        PskCredential bundle = server.registry().issueCredential("well-7", T0, T0.plus(Duration.ofDays(30)));
        current = server.ca().issueNode(keys.getPublic(), node, T0);
        assertThat(server.registry().completeEnrolment(bundle.identity(), node, current, T0))
                .isTrue();
        now.set(T0.plus(Duration.ofDays(1)));
    }

    @AfterEach
    void close() {
        server.close();
    }

    private CertificateVerificationResult verify(CertificateMessage message) {
        return verifier.verifyCertificate(
                ConnectionId.EMPTY, null, new InetSocketAddress("127.0.0.1", 40_000), true, false, false, message);
    }

    private CertificateVerificationResult verify(X509Certificate... chain) {
        return verify(new CertificateMessage(List.of(chain)));
    }

    private static String refusedWith(CertificateVerificationResult result, AlertDescription alert) {
        assertThat(result.getCertificatePath()).isNull();
        assertThat(result.getException()).isNotNull();
        assertThat(result.getException().getAlert().getLevel()).isEqualTo(AlertLevel.FATAL);
        assertThat(result.getException().getAlert().getDescription()).isEqualTo(alert);
        return result.getException().getMessage();
    }

    @Test
    void theCurrentCertificateOfAnEnrolledNode_isAccepted() {
        CertificateVerificationResult result = verify(current, server.ca().certificate());

        assertThat(result.getException()).isNull();
        assertThat(result.getCertificatePath().getCertificates()).first().isEqualTo(current);
        assertThat(verifier.getAcceptedIssuers())
                .containsExactly(server.ca().certificate().getSubjectX500Principal());
    }

    @Test
    void r16_aCertificateOfAnotherCa_forTheSameNode_endsWithUnknownCa() {
        TestCa rogue = TestCa.create("fieldnode collector CA", T0);

        refusedWith(
                verify(rogue.issueClient(keys.getPublic(), node.value(), T0, Duration.ofDays(90))),
                AlertDescription.UNKNOWN_CA);
    }

    @Test
    void r17_anExpiredCertificate_endsWithCertificateExpired() {
        now.set(T0.plus(Duration.ofDays(91)));

        refusedWith(verify(current), AlertDescription.CERTIFICATE_EXPIRED);
    }

    @Test
    void r17_aRevokedNode_endsWithCertificateRevoked() throws Exception {
        assertThat(server.registry().revoke(node.value(), now.get())).isEqualTo(1);

        assertThat(refusedWith(verify(current), AlertDescription.CERTIFICATE_REVOKED))
                .contains(node.value() + " is revoked or not enrolled here");
    }

    @Test
    void r17_aCertificateOfThisCaForANodeNeverEnrolledHere_endsWithCertificateRevoked() {
        X509Certificate stranger = server.ca().issueNode(keys.getPublic(), NodeId.random(), T0);

        refusedWith(verify(stranger), AlertDescription.CERTIFICATE_REVOKED);
    }

    @Test
    void r20_aCertificateSupersededByARenewal_endsWithCertificateRevoked_theRenewedOneIsAccepted() throws Exception {
        X509Certificate renewed = server.ca().issueNode(NodeKeys.generate().getPublic(), node, now.get());
        assertThat(server.registry().recordRenewal(node, current.getSerialNumber(), renewed, now.get()))
                .isTrue();

        assertThat(refusedWith(verify(current), AlertDescription.CERTIFICATE_REVOKED))
                .contains("superseded by a renewal");
        assertThat(verify(renewed).getException()).isNull();
    }

    @Test
    void noCertificate_endsWithBadCertificate() {
        refusedWith(verify(new CertificateMessage(keys.getPublic())), AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void r29_aSubjectWithLineBreaks_isRefused_andNamedOnlyNeutralised() {
        TestCa rogue = TestCa.create("rogue", T0);
        X509Certificate forged =
                rogue.issueClient(keys.getPublic(), "x\nFORGED collector: all fine", T0, Duration.ofDays(90));

        String why = refusedWith(verify(forged), AlertDescription.UNKNOWN_CA);

        assertThat(why).doesNotContain("\n").contains("\\u000a").contains("untrusted-issuer");
    }
}
