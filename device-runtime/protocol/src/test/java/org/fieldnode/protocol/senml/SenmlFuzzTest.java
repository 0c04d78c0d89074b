// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the collector's SenML decoder (SECURITY R35): damaged and random payloads in CBOR and JSON either decode
 * to records that pass the codec's own rules or fail with {@link SenmlException}; nothing else is thrown, no input
 * takes more than a second, and none makes the decoder allocate more than {@link FuzzRun#MAX_ALLOCATION_PER_INPUT}
 * (length fields claiming huge sizes are not believed).
 */
class SenmlFuzzTest {
    private static final String SUITE = "senml-fuzz";
    private static final Duration PER_INPUT = Duration.ofSeconds(1);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void cbor_anyPayloadDecodesOrFailsWithSenmlException() {
        int tried = FuzzRun.run(
                SUITE, FuzzRun.mutationsOf(seeds(SenmlFormat.CBOR)), 3000, PER_INPUT, p -> decode(p, SenmlFormat.CBOR));
        assertThat(tried).isPositive();
    }

    @Test
    void json_anyPayloadDecodesOrFailsWithSenmlException() {
        int tried = FuzzRun.run(
                SUITE, FuzzRun.mutationsOf(seeds(SenmlFormat.JSON)), 3000, PER_INPUT, p -> decode(p, SenmlFormat.JSON));
        assertThat(tried).isPositive();
    }

    /** Regression: CBOR heads that claim 2^64-1 bytes, elements or a 9-byte length must be refused, not allocated. */
    @Test
    void cbor_hugeLengthClaims_areRefusedWithoutAllocating() {
        for (String hex : List.of(
                "9b7fffffffffffffff",
                "5bffffffffffffffff",
                "7b00000000ffffffff",
                "bbffffffffffffffff",
                "81bb7fffffffffffffff",
                "9a7fffffff",
                "81a1007a7fffffff")) {
            byte[] payload = java.util.HexFormat.of().parseHex(hex);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SenmlCodec.decode(payload, SenmlFormat.CBOR))
                    .as(hex)
                    .isInstanceOf(SenmlException.class);
        }
    }

    private static void decode(byte[] payload, SenmlFormat format) {
        try {
            List<SenmlRecord> records = SenmlCodec.decode(payload, format);
            // Whatever decodes is a valid pack: it encodes again, and the encoding decodes to the same records.
            assertThat(SenmlCodec.decode(SenmlCodec.encode(records, format), format))
                    .isEqualTo(records);
        } catch (SenmlException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    private static List<byte[]> seeds(SenmlFormat format) {
        List<byte[]> seeds = new ArrayList<>();
        String base = "urn:dev:ops:fieldnode-3f9c:";
        seeds.add(SenmlCodec.encode(List.of(new SenmlRecord(base + "env0/temperature", "Cel", 21.5, T0)), format));
        seeds.add(SenmlCodec.encode(
                List.of(
                        new SenmlRecord(base + "env0/temperature", "Cel", -3.25, T0),
                        new SenmlRecord(base + "env0/humidity", "%RH", 40.0, T0),
                        new SenmlRecord(base + "env0/pressure", "Pa", 101_325, T0.plusMillis(1500)),
                        new SenmlRecord(base + "lux0/illuminance", "lx", 1.0e-3, T0.plusSeconds(2))),
                format));
        seeds.add(SenmlCodec.encode(List.of(), format));
        return seeds;
    }
}
