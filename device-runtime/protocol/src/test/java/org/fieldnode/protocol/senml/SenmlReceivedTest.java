// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * The receiver's view of any SenML client ({@link SenmlCodec#decodeReceived}): every value type, sums with base
 * sums, relative and absent times resolved against the time of receipt (RFC 8428 §4.5.3), refusals of records with
 * more than one value field and of unknown must-understand labels (§4.4); fuzzed over packs of the new types.
 */
class SenmlReceivedTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-07T16:00:00.123456789Z");
    private static final Instant AT = RECEIVED.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void everyValueType_withBaseValueAndBaseSum_isResolved() throws Exception {
        String json = "[{\"bn\":\"dev:\",\"bt\":1772366400,\"bv\":10,\"bs\":100,\"n\":\"level\",\"u\":\"m\",\"v\":0.5},"
                + "{\"n\":\"float\",\"vb\":true},{\"n\":\"state\",\"vs\":\"filling\"},"
                + "{\"n\":\"blob\",\"vd\":\"AQID\"},{\"n\":\"rain\",\"u\":\"m\",\"s\":0.002},"
                + "{\"n\":\"flow\",\"u\":\"m3\",\"v\":1,\"s\":5,\"note\":\"skipped\"}]";

        List<ReceivedRecord> records = received(json);

        assertThat(records)
                .containsExactly(
                        new ReceivedRecord(
                                "dev:level", "m", new SenmlValue.Numeric(10.5), null, T0, SenmlTimeQuality.SYNCED),
                        new ReceivedRecord(
                                "dev:float", "", new SenmlValue.Flag(true), null, T0, SenmlTimeQuality.SYNCED),
                        new ReceivedRecord(
                                "dev:state", "", new SenmlValue.Text("filling"), null, T0, SenmlTimeQuality.SYNCED),
                        new ReceivedRecord(
                                "dev:blob",
                                "",
                                new SenmlValue.Data(new byte[] {1, 2, 3}),
                                null,
                                T0,
                                SenmlTimeQuality.SYNCED),
                        new ReceivedRecord("dev:rain", "m", null, 100.002, T0, SenmlTimeQuality.SYNCED),
                        new ReceivedRecord(
                                "dev:flow", "m3", new SenmlValue.Numeric(11), 105.0, T0, SenmlTimeQuality.SYNCED));
    }

    @Test
    void relativeAndAbsentTimes_areResolvedAgainstReceipt_andMarked() throws Exception {
        List<ReceivedRecord> records = received("[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"t\":-5.5,\"v\":2},"
                + "{\"n\":\"c\",\"t\":0,\"v\":3},{\"n\":\"d\",\"t\":1772366400,\"v\":4}]");

        assertThat(records)
                .extracting(ReceivedRecord::time, ReceivedRecord::timeQuality)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AT, SenmlTimeQuality.RECEIPT),
                        org.assertj.core.groups.Tuple.tuple(AT.minusMillis(5500), SenmlTimeQuality.RELATIVE),
                        org.assertj.core.groups.Tuple.tuple(AT, SenmlTimeQuality.RELATIVE),
                        org.assertj.core.groups.Tuple.tuple(T0, SenmlTimeQuality.SYNCED));
    }

    @Test
    void cborDataAndBooleans_andUnknownOptionalTextLabels_areRead() throws Exception {
        // [{0: "d", 4: true, "note": 1}, {0: "e", 8: h'0102'}]
        byte[] cbor = java.util.HexFormat.of().parseHex("82a300616404f5646e6f746501a200616508420102");

        assertThat(SenmlCodec.decodeReceived(cbor, SenmlFormat.CBOR, RECEIVED))
                .extracting(ReceivedRecord::value)
                .containsExactly(new SenmlValue.Flag(true), new SenmlValue.Data(new byte[] {1, 2}));
    }

    @Test
    void nodeRecordsOfEveryKind_encodeAsVbSAndVs_inBothFormats_andInSeriesRuns() throws Exception {
        String base = "urn:dev:ops:n1:";
        List<SenmlRecord> records = List.of(
                SenmlRecord.text(base + "health/version", "0.9.0", T0, false),
                new SenmlRecord(base + "tank0/contact", "", 1, T0, false, SenmlRecord.Kind.BOOLEAN),
                new SenmlRecord(base + "rain0/rain_total", "m", 0.0124, T0, false, SenmlRecord.Kind.SUM),
                new SenmlRecord(base + "tank0/contact", "", 0, T0.plusSeconds(60), false, SenmlRecord.Kind.BOOLEAN),
                new SenmlRecord(
                        base + "rain0/rain_total", "m", 100_000, T0.plusSeconds(60), false, SenmlRecord.Kind.SUM),
                new SenmlRecord(base + "env0/temperature", "Cel", 21.5, T0.plusSeconds(60)));
        for (SenmlFormat format : SenmlFormat.values()) {
            List<ReceivedRecord> back = SenmlCodec.decodeReceived(SenmlCodec.encode(records, format), format, RECEIVED);
            assertThat(back)
                    .as(format.name())
                    .containsExactly(
                            new ReceivedRecord(
                                    base + "health/version",
                                    "",
                                    new SenmlValue.Text("0.9.0"),
                                    null,
                                    T0,
                                    SenmlTimeQuality.SYNCED),
                            new ReceivedRecord(
                                    base + "tank0/contact",
                                    "",
                                    new SenmlValue.Flag(true),
                                    null,
                                    T0,
                                    SenmlTimeQuality.SYNCED),
                            new ReceivedRecord(
                                    base + "rain0/rain_total", "m", null, 0.0124, T0, SenmlTimeQuality.SYNCED),
                            new ReceivedRecord(
                                    base + "tank0/contact",
                                    "",
                                    new SenmlValue.Flag(false),
                                    null,
                                    T0.plusSeconds(60),
                                    SenmlTimeQuality.SYNCED),
                            new ReceivedRecord(
                                    base + "rain0/rain_total",
                                    "m",
                                    null,
                                    100_000.0,
                                    T0.plusSeconds(60),
                                    SenmlTimeQuality.SYNCED),
                            new ReceivedRecord(
                                    base + "env0/temperature",
                                    "Cel",
                                    new SenmlValue.Numeric(21.5),
                                    null,
                                    T0.plusSeconds(60),
                                    SenmlTimeQuality.SYNCED));
        }
        assertThatThrownBy(() -> new SenmlRecord(base + "x", "", 0.5, T0, false, SenmlRecord.Kind.BOOLEAN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SenmlRecord.text(base + "x", "x".repeat(1025), T0, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SenmlRecord(base + "x", "", 0, T0, false, SenmlRecord.Kind.VALUE, "text"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusals_sayWhy() {
        assertRefused("[{\"n\":\"a\",\"v\":1,\"vb\":true}]", "record 0: has more than one value field (\"v\", \"vb\")");
        assertRefused("[{\"n\":\"a\",\"vs\":\"x\",\"vd\":\"AA\"}]", "more than one value field (\"vs\", \"vd\")");
        assertRefused("[{\"n\":\"a\",\"t\":1}]", "has no value field");
        assertRefused("[{\"n\":\"a\",\"v\":1,\"x_\":1}]", "unknown label \"x_\" must be understood (RFC 8428 §4.4)");
        assertRefused("[{\"n\":\"a\",\"vb\":1}]", "\"vb\" must be true or false");
        assertRefused("[{\"n\":\"a\",\"vd\":\"+/==\"}]", "\"vd\" is not base64url");
        assertRefused("[{\"n\":\"a\",\"vs\":\"" + "x".repeat(1025) + "\"}]", "at most 1024");
        assertRefused("[{\"n\":\"a\",\"vs\":\"a\\u0000b\"}]", "record 0: \"vs\" holds a NUL character");
        assertRefused("[{\"n\":\"a\",\"vd\":\"" + "A".repeat(1400) + "\"}]", "more than 1024 bytes");
    }

    @Test
    void strictDecode_stillRefusesWhatFieldnodeNodesNeverSend() {
        assertThatThrownBy(() ->
                        SenmlCodec.decode(bytes("[{\"n\":\"a\",\"vb\":true,\"t\":1772366400}]"), SenmlFormat.JSON))
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> SenmlCodec.decode(bytes("[{\"n\":\"a\",\"v\":1}]"), SenmlFormat.JSON))
                .hasMessageContaining("relative to now");
    }

    @Test
    void fuzz_packsOfEveryType_decodeOrFailWithSenmlException() {
        List<byte[]> seeds = List.of(
                bytes("[{\"bn\":\"dev:\",\"bt\":1772366400,\"bs\":1,\"n\":\"a\",\"s\":2},{\"n\":\"b\",\"vb\":false},"
                        + "{\"n\":\"c\",\"vs\":\"on\",\"t\":-3},{\"n\":\"d\",\"vd\":\"AQID\"}]"),
                java.util.HexFormat.of().parseHex("82a300616404f5646e6f746501a200616508420102"),
                java.util.HexFormat.of().parseHex("81a3006161056203f9" + "3c00"));
        int json = FuzzRun.run(
                "senml-received-fuzz",
                FuzzRun.mutationsOf(List.of(seeds.get(0))),
                2000,
                Duration.ofSeconds(1),
                p -> decodeOrRefuse(p, SenmlFormat.JSON));
        int cbor = FuzzRun.run(
                "senml-received-fuzz",
                FuzzRun.mutationsOf(seeds.subList(1, 3)),
                2000,
                Duration.ofSeconds(1),
                p -> decodeOrRefuse(p, SenmlFormat.CBOR));
        assertThat(json + cbor).isPositive();
    }

    private static void decodeOrRefuse(byte[] payload, SenmlFormat format) {
        try {
            for (ReceivedRecord r : SenmlCodec.decodeReceived(payload, format, RECEIVED)) {
                assertThat(r.value() != null || r.sum() != null).isTrue();
                assertThat(r.time()).isNotNull();
            }
        } catch (SenmlException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> received(json))
                .isInstanceOf(SenmlException.class)
                .hasMessageContaining(message);
    }

    private static List<ReceivedRecord> received(String json) throws SenmlException {
        return SenmlCodec.decodeReceived(bytes(json), SenmlFormat.JSON, RECEIVED);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
