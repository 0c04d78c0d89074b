// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private final TestCa ca = TestCa.create("fp-ca", Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void of_isSha256OfTheDerEncoding() throws Exception {
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(ca.certificate().getEncoded()));

        assertThat(Fingerprint.of(ca.certificate()).toString()).isEqualTo("sha256:" + expected);
    }

    @Test
    void parse_acceptsPrefixedBareAndOpensslForms() {
        Fingerprint fp = Fingerprint.of(ca.certificate());
        String colons = HexFormat.ofDelimiter(":")
                .formatHex(HexFormat.of().parseHex(fp.hex()))
                .toUpperCase(Locale.ROOT);

        assertThat(Fingerprint.parse(fp.toString())).isEqualTo(fp);
        assertThat(Fingerprint.parse(fp.hex().toUpperCase(Locale.ROOT))).isEqualTo(fp);
        assertThat(Fingerprint.parse("SHA256 Fingerprint=" + colons)).isEqualTo(fp);
        assertThat(fp.matches(ca.certificate())).isTrue();
    }

    @Test
    void parse_refusesOtherText() {
        assertThatThrownBy(() -> Fingerprint.parse("sha1:abcd"))
                .hasMessage("expected a SHA-256 fingerprint: sha256: and 64 hex digits");
        assertThatThrownBy(() -> Fingerprint.parse("0".repeat(63))).isInstanceOf(IllegalArgumentException.class);
    }
}
