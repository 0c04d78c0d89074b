// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PskCredentialTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90");

    @Test
    void toString_neverShowsTheSecret() {
        PskCredential psk = new PskCredential("node-1", SECRET);

        assertThat(psk.toString())
                .contains("node-1")
                .contains("redacted")
                .doesNotContain("a1b2c3d4")
                .doesNotContain("A1B2C3D4");
    }

    @Test
    void secret_isACopy_andDestroyClearsIt() {
        byte[] given = SECRET.clone();
        PskCredential psk = new PskCredential("node-1", given);
        given[0] = 0;
        byte[] copy = psk.secret();
        copy[1] = 0;

        assertThat(psk.secret()).isEqualTo(SECRET);
        psk.destroy();
        assertThat(psk.isDestroyed()).isTrue();
        assertThatThrownBy(psk::secret)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("a1b2");
    }

    @Test
    void constructor_refusesWeakOrOversizedInput() {
        assertThatThrownBy(() -> new PskCredential("n", new byte[15])).hasMessageContaining("16..64 bytes, got 15");
        assertThatThrownBy(() -> new PskCredential("", SECRET)).hasMessageContaining("identity must be 1..128 bytes");
        assertThatThrownBy(() -> new PskCredential("x".repeat(129), SECRET)).hasMessageContaining("got 129");
    }
}
