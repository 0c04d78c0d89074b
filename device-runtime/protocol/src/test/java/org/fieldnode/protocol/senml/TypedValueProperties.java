// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the new SenML types: every value type and sums, written as JSON by hand and decoded as a receiver,
 * come back as written; node records of every kind survive encode and {@link SenmlCodec#decodeReceived} in both
 * formats; and any pack of arbitrary typed fields decodes or fails with a one-line {@link SenmlException}.
 */
class TypedValueProperties {
    private static final Instant RECEIVED = Instant.parse("2026-12-07T16:00:00Z");

    @Property(tries = 300)
    void handWrittenTypedRecords_decodeToTheirValues(@ForAll("typedValues") List<SenmlValue> values) throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            json.append(i == 0 ? "{\"bn\":\"d:\",\"bt\":1772366400," : ",{")
                    .append("\"n\":\"s")
                    .append(i)
                    .append("\",");
            switch (values.get(i)) {
                case SenmlValue.Numeric n -> json.append("\"v\":").append(n.number());
                case SenmlValue.Text t ->
                    json.append("\"vs\":\"").append(t.text()).append('"');
                case SenmlValue.Flag f -> json.append("\"vb\":").append(f.flag());
                case SenmlValue.Data d ->
                    json.append("\"vd\":\"").append(d.base64()).append('"');
            }
            json.append('}');
        }
        json.append(']');

        List<ReceivedRecord> records =
                SenmlCodec.decodeReceived(json.toString().getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, RECEIVED);

        assertThat(records).extracting(ReceivedRecord::value).containsExactlyElementsOf(values);
    }

    @Property(tries = 300)
    void nodeRecordsOfEveryKind_roundTrip(@ForAll("nodeRecords") List<SenmlRecord> records) throws Exception {
        for (SenmlFormat format : SenmlFormat.values()) {
            List<ReceivedRecord> back = SenmlCodec.decodeReceived(SenmlCodec.encode(records, format), format, RECEIVED);
            List<Object> values = new ArrayList<>();
            for (ReceivedRecord r : back) {
                values.add(
                        switch (r.value()) {
                            case SenmlValue.Flag f -> f.flag() ? 1.0 : 0.0;
                            case SenmlValue.Numeric n -> n.number();
                            case SenmlValue.Text t -> t.text();
                            case null -> r.sum();
                            default -> Double.NaN;
                        });
            }
            assertThat(values)
                    .as(format.name())
                    .containsExactlyElementsOf(records.stream()
                            .map(r -> r.kind() == SenmlRecord.Kind.STRING ? (Object) r.text() : (Object) r.value())
                            .toList());
            assertThat(back)
                    .extracting(ReceivedRecord::time)
                    .containsExactlyElementsOf(
                            records.stream().map(SenmlRecord::time).toList());
        }
    }

    @Property(tries = 500)
    void arbitraryTypedFields_decodeOrFailWithOneLine(@ForAll("typedFields") String json) {
        try {
            for (ReceivedRecord r :
                    SenmlCodec.decodeReceived(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, RECEIVED)) {
                assertThat(r.value() != null || r.sum() != null).isTrue();
            }
        } catch (SenmlException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<List<SenmlValue>> typedValues() {
        Arbitrary<SenmlValue> numeric = Arbitraries.doubles().between(-1e9, 1e9).map(SenmlValue.Numeric::new);
        Arbitrary<SenmlValue> text = Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(' ', '-')
                .ofMaxLength(40)
                .map(SenmlValue.Text::new);
        Arbitrary<SenmlValue> flag = Arbitraries.of(true, false).map(SenmlValue.Flag::new);
        Arbitrary<SenmlValue> data =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(SenmlValue.Data::new);
        return Arbitraries.oneOf(numeric, text, flag, data).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<SenmlRecord>> nodeRecords() {
        Arbitrary<SenmlRecord> record = Combinators.combine(
                        Arbitraries.of(SenmlRecord.Kind.values()),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.doubles().between(0, 1e6).ofScale(3),
                        Arbitraries.longs().between(0, 3600))
                .as((kind, series, number, offset) -> kind == SenmlRecord.Kind.STRING
                        ? SenmlRecord.text(
                                "urn:dev:ops:n1:" + kind.name().toLowerCase() + series,
                                "v" + number,
                                Instant.parse("2026-03-01T12:00:00Z").plusSeconds(offset),
                                false)
                        : new SenmlRecord(
                                "urn:dev:ops:n1:" + kind.name().toLowerCase() + series,
                                kind == SenmlRecord.Kind.BOOLEAN ? "" : "m",
                                kind == SenmlRecord.Kind.BOOLEAN ? (number > 5e5 ? 1 : 0) : number,
                                Instant.parse("2026-03-01T12:00:00Z").plusSeconds(offset),
                                false,
                                kind));
        return record.list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> typedFields() {
        Arbitrary<String> field = Arbitraries.of(
                "\"v\":1.5",
                "\"vs\":\"on\"",
                "\"vb\":true",
                "\"vb\":0",
                "\"vd\":\"AQI\"",
                "\"vd\":\"!!\"",
                "\"s\":2",
                "\"bs\":1",
                "\"bv\":3",
                "\"t\":-5",
                "\"t\":1772366400",
                "\"bt\":0",
                "\"u\":\"m\"",
                "\"x_\":1",
                "\"note\":\"x\"",
                "\"vs\":\"" + Base64.getEncoder().encodeToString(new byte[900]) + "\"");
        Arbitrary<String> record = field.list()
                .ofMaxSize(5)
                .uniqueElements(f -> f.substring(0, f.indexOf(':')))
                .map(fields -> "{\"n\":\"a\"" + (fields.isEmpty() ? "" : "," + String.join(",", fields)) + "}");
        return record.list().ofMinSize(1).ofMaxSize(6).map(records -> "[" + String.join(",", records) + "]");
    }
}
