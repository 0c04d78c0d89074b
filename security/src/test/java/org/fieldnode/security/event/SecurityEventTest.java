// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** SECURITY R29: coded, timed, neutralised event lines. */
class SecurityEventTest {
    @Test
    void line_carriesTimeQualityNodeCodeAndSeverity() {
        SecurityEvent event = new SecurityEvent(
                Instant.parse("2025-05-01T10:00:00Z"),
                TimeQuality.SYNCHRONISED,
                "fieldnode-0123456789abcdef",
                SecurityEventCode.ENROLLED,
                "subject=CN=fieldnode-0123456789abcdef");

        assertThat(event.toLine())
                .isEqualTo(
                        "time=2025-05-01T10:00:00Z time-quality=synchronised node=fieldnode-0123456789abcdef "
                                + "code=FN-SEC-1002 event=enrolled severity=info detail=\"subject=CN=fieldnode-0123456789abcdef\"");
    }

    @Test
    void codes_areUniqueAndFixedFormat() {
        Set<String> codes = Arrays.stream(SecurityEventCode.values())
                .map(SecurityEventCode::code)
                .collect(Collectors.toSet());

        assertThat(codes).hasSize(SecurityEventCode.values().length).allMatch(c -> c.matches("FN-SEC-\\d{4}"));
    }

    @Test
    void peerText_crLfAndControlsAreEscaped_andLengthIsBounded() {
        assertThat(PeerText.neutralise("ok\r\nFN-SEC-1002 forged\u0000\u2028"))
                .isEqualTo("ok\\u000d\\u000aFN-SEC-1002 forged\\u0000\\u2028");
        assertThat(PeerText.neutralise("x".repeat(1000)))
                .hasSize(PeerText.MAX_CHARS + 3)
                .endsWith("...");
        assertThat(PeerText.neutralise(null)).isEqualTo("-");
    }

    @Property
    void neutralised_neverHoldsALineBreakOrControl(@ForAll String peer) {
        String line = new SecurityEvent(
                        Instant.EPOCH, TimeQuality.UNSYNCHRONISED, peer, SecurityEventCode.AUTHENTICATION_FAILED, peer)
                .toLine();

        assertThat(line.chars()).noneMatch(c -> c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029);
    }
}
