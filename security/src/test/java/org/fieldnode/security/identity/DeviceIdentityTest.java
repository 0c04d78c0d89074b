// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.security.testing.Secrets;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

/** SECURITY R1, R2, R11: P-256 keys made on the node; an identity that never shows its key. */
class DeviceIdentityTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");

    @Test
    void generate_makesDistinctP256KeyPairs() {
        KeyPair a = NodeKeys.generate();
        KeyPair b = NodeKeys.generate();

        ECPublicKey pub = (ECPublicKey) a.getPublic();
        assertThat(pub.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        // secp256r1's order n (SEC 2 §2.4.2) identifies the curve.
        assertThat(pub.getParams().getOrder().toString(16))
                .isEqualTo("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        assertThat(a.getPublic()).isNotEqualTo(b.getPublic());
    }

    @Test
    void toString_showsIdSubjectAndExpiry_neverTheKey() {
        NodeId id = NodeId.random();
        KeyPair keys = NodeKeys.generate();
        TestCa ca = TestCa.create("ca", T0);
        DeviceIdentity identity = new DeviceIdentity(
                id, keys, List.of(ca.issueClient(keys.getPublic(), id.value(), T0, Duration.ofDays(90))));

        String text = identity.toString();

        assertThat(text).contains(id.value(), "CN=" + id.value(), "2025-07-30T00:00:00Z", "redacted");
        for (String form : Secrets.textForms(keys.getPrivate())) {
            assertThat(text).doesNotContain(form);
        }
    }

    @Test
    void validity_isInclusiveOfBothEnds() {
        KeyPair keys = NodeKeys.generate();
        TestCa ca = TestCa.create("ca", T0);
        DeviceIdentity identity = new DeviceIdentity(
                NodeId.random(), keys, List.of(ca.issueClient(keys.getPublic(), "n", T0, Duration.ofDays(1))));

        assertThat(identity.isValidAt(T0)).isTrue();
        assertThat(identity.isValidAt(T0.plus(Duration.ofDays(1)))).isTrue();
        assertThat(identity.isValidAt(T0.plus(Duration.ofDays(1)).plusSeconds(1)))
                .isFalse();
        assertThat(identity.isValidAt(T0.minusSeconds(1))).isFalse();
    }

    @Test
    void certificateForAnotherKey_isRefused() {
        KeyPair keys = NodeKeys.generate();
        KeyPair other = NodeKeys.generate();
        TestCa ca = TestCa.create("ca", T0);
        NodeId id = NodeId.random();

        assertThatThrownBy(() -> new DeviceIdentity(
                        id, keys, List.of(ca.issueClient(other.getPublic(), "n", T0, Duration.ofDays(1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the certificate of " + id + " holds another public key");
        assertThatThrownBy(() -> new DeviceIdentity(id, keys, List.of()))
                .hasMessage("a device identity needs its certificate");
    }
}
