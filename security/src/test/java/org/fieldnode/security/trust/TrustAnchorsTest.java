// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.security.trust.NodeCertificateCheckTest.reason;

import java.time.Instant;
import java.util.List;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

/** SECURITY R5, R7: the CA set is accepted only against the pin from the bundle. */
class TrustAnchorsTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");
    private final TestCa ca = TestCa.create("village-ca", T0);
    private final TestCa other = TestCa.create("village-ca", T0);

    @Test
    void caSetHoldingThePinnedCertificate_isAccepted() throws Exception {
        TrustAnchors anchors = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));

        anchors.acceptCaCertificates(List.of(other.certificate(), ca.certificate()), T0.plusSeconds(5));

        assertThat(anchors.anchors()).containsExactly(ca.certificate());
    }

    @Test
    void caSetWithoutThePin_isRefused_andChangesNothing() {
        TrustAnchors anchors = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));

        assertThatThrownBy(() -> anchors.acceptCaCertificates(List.of(other.certificate()), T0.plusSeconds(5)))
                .satisfies(e -> reason(e, Rejection.CA_NOT_PINNED))
                .hasMessageContaining("matches the pinned " + Fingerprint.of(ca.certificate()));
        assertThat(anchors.anchors()).isEmpty();
    }

    @Test
    void repin_dropsAnchorsThatNoLongerMatch() throws Exception {
        TrustAnchors anchors = TrustAnchors.pinned(Fingerprint.of(ca.certificate()));
        anchors.acceptCaCertificates(List.of(ca.certificate()), T0.plusSeconds(5));

        anchors.repin(Fingerprint.of(other.certificate()));

        assertThat(anchors.anchors()).isEmpty();
        assertThat(anchors.pin()).isEqualTo(Fingerprint.of(other.certificate()));
    }

    @Test
    void restoredAnchorNotMatchingThePin_isRefused() {
        assertThatThrownBy(() -> TrustAnchors.restored(Fingerprint.of(ca.certificate()), List.of(other.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the pinned");
    }
}
