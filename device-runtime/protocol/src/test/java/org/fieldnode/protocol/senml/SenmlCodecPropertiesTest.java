// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random valid packs survive a round trip exactly in both formats; random bytes never escape as anything else. */
class SenmlCodecPropertiesTest {
    private static final long EARLIEST_MILLIS = (1L << 28) * 1000;
    private static final long LATEST_MILLIS =
            Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();

    @Property
    void cbor_roundTripsExactly(@ForAll("packs") List<SenmlRecord> pack) throws SenmlException {
        assertThat(SenmlCodec.decode(SenmlCodec.encode(pack, SenmlFormat.CBOR), SenmlFormat.CBOR))
                .isEqualTo(pack);
    }

    @Property
    void json_roundTripsExactly(@ForAll("packs") List<SenmlRecord> pack) throws SenmlException {
        assertThat(SenmlCodec.decode(SenmlCodec.encode(pack, SenmlFormat.JSON), SenmlFormat.JSON))
                .isEqualTo(pack);
    }

    @Property
    void cbor_isNeverLargerThanJson(@ForAll("packs") List<SenmlRecord> pack) {
        assertThat(SenmlCodec.encode(pack, SenmlFormat.CBOR).length)
                .isLessThanOrEqualTo(SenmlCodec.encode(pack, SenmlFormat.JSON).length);
    }

    @Property
    void cbor_randomBytes_decodeOrFailWithSenmlException(@ForAll @Size(max = 64) byte[] payload) {
        try {
            SenmlCodec.decode(payload, SenmlFormat.CBOR);
        } catch (SenmlException e) {
            assertThat(e.getMessage()).matches("(payload|record \\d+): [^\\n\\r]+");
        }
    }

    @Property
    void json_randomText_decodeOrFailWithSenmlException(@ForAll("jsonish") String text) {
        try {
            SenmlCodec.decode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), SenmlFormat.JSON);
        } catch (SenmlException e) {
            assertThat(e.getMessage()).matches("(payload|record \\d+): [^\\n\\r]+");
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings()
                .withChars("[]{}\":,.-+eE0123456789 \\u_nbtvsx\n")
                .ofMaxLength(60);
    }

    @Provide
    Arbitrary<List<SenmlRecord>> packs() {
        Arbitrary<String> prefix = Arbitraries.oneOf(
                Arbitraries.strings()
                        .withCharRange('a', 'z')
                        .numeric()
                        .withChars('-')
                        .ofMinLength(1)
                        .ofMaxLength(16)
                        .map(id -> "urn:dev:ops:" + id + ":"),
                Arbitraries.just(""));
        return prefix.flatMap(base -> record(base).list().ofMinSize(1).ofMaxSize(20));
    }

    private static Arbitrary<SenmlRecord> record(String base) {
        Arbitrary<String> relative = Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-:./_")
                .ofMinLength(1)
                .ofMaxLength(24)
                .filter(name -> Character.isLetterOrDigit(name.charAt(0)));
        Arbitrary<String> unit = Arbitraries.of("", "Cel", "%RH", "Pa", "lx", "ug/m3", "m/s", "%EL");
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().filter(Double::isFinite),
                Arbitraries.integers().between(-100_000, 100_000).map(Integer::doubleValue),
                Arbitraries.of(0.0, -0.0, 0.5, 21.5, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE));
        Arbitrary<Instant> time =
                Arbitraries.longs().between(EARLIEST_MILLIS, LATEST_MILLIS).map(Instant::ofEpochMilli);
        return Combinators.combine(relative, unit, value, time)
                .as((name, u, v, t) -> new SenmlRecord(base + name, u, v, t));
    }
}
