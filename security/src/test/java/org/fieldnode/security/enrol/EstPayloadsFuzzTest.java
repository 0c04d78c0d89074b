// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.security.enrol.EstPayloads.EstPayloadException;
import org.fieldnode.security.testing.FuzzRun;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the EST-coaps payload decoders the node runs on what an enrolment server sends (SECURITY R35, RFC 9148):
 * damaged certs-only CMS messages (format 281) and DER certificates (format 287) decode or fail with
 * {@link EstPayloadException}, within a time and an allocation bound each (ASN.1 lengths that claim gigabytes are
 * not believed).
 */
class EstPayloadsFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(2);

    @Test
    void certsOnly_anyPayloadDecodesOrFailsWithEstPayloadException() throws Exception {
        TestCa first = TestCa.create("fuzz-ca-1", Instant.parse("2026-01-01T00:00:00Z"));
        TestCa second = TestCa.create("fuzz-ca-2", Instant.parse("2026-01-01T00:00:00Z"));
        byte[] two = EstPayloads.encodeCertsOnly(List.of(first.certificate(), second.certificate()));
        int tried =
                FuzzRun.run("est-fuzz", FuzzRun.mutationsOf(List.of(first.certsOnly(), two)), 2000, PER_INPUT, p -> {
                    try {
                        assertThat(EstPayloads.decodeCertsOnly(p)).isNotEmpty();
                    } catch (EstPayloadException e) {
                        assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                    }
                });
        assertThat(tried).isPositive();
    }

    @Test
    void certificate_anyPayloadDecodesOrFailsWithEstPayloadException() throws Exception {
        byte[] der = TestCa.create("fuzz-ca-3", Instant.parse("2026-01-01T00:00:00Z"))
                .certificate()
                .getEncoded();
        int tried = FuzzRun.run("est-fuzz", FuzzRun.mutationsOf(List.of(der)), 2000, PER_INPUT, p -> {
            try {
                assertThat(EstPayloads.decodeCertificate(p)).isNotNull();
            } catch (EstPayloadException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            }
        });
        assertThat(tried).isPositive();
    }
}
