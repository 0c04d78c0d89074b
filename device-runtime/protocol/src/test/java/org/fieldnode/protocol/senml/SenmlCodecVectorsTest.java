// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-level vectors, derived by hand from RFC 8949 §3 and RFC 8428 §6 so that they test the writer, not echo it. */
class SenmlCodecVectorsTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L); // 2023-11-14T22:13:20Z = 0x6553F100

    private static final List<SenmlRecord> BME280_PACK = List.of(
            new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/temperature", "Cel", 21.5, T0),
            new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/humidity", "%RH", 40, T0),
            new SenmlRecord("urn:dev:ops:fieldnode-3f9c:env0/pressure", "Pa", 101_325, T0));

    /**
     * The same pack, byte by byte (115 bytes):
     *
     * <pre>
     * 83                                   array(3)
     *   A5                                 map(5)
     *     21 78 1B "urn:dev:ops:fieldnode-3f9c:"   bn (-2): text(27)
     *     22 1A 6553F100                   bt (-3): uint32 1700000000
     *     00 70 "env0/temperature"         n (0): text(16)
     *     01 63 "Cel"                      u (1): text(3)
     *     02 F9 4D60                       v (2): half float 21.5 = 0 10011 0101100000 (1.34375 x 2^4)
     *   A3                                 map(3); same time as bt, so no t
     *     00 6D "env0/humidity"            n: text(13)
     *     01 63 "%RH"                      u
     *     02 18 28                         v: uint8 40 (integral values are integers)
     *   A3
     *     00 6D "env0/pressure"
     *     01 62 "Pa"
     *     02 1A 00018BCD                   v: uint32 101325 (does not fit 16 bits)
     * </pre>
     */
    private static final byte[] BME280_CBOR = Hex.bytes("83"
            + "a5"
            + "21 781b" + ascii("urn:dev:ops:fieldnode-3f9c:")
            + "22 1a6553f100"
            + "00 70" + ascii("env0/temperature")
            + "01 63" + ascii("Cel")
            + "02 f94d60"
            + "a3"
            + "00 6d" + ascii("env0/humidity")
            + "01 63" + ascii("%RH")
            + "02 1828"
            + "a3"
            + "00 6d" + ascii("env0/pressure")
            + "01 62" + ascii("Pa")
            + "02 1a00018bcd");

    @Test
    void cbor_bme280Pack_matchesHandDerivedBytes() throws Exception {
        byte[] encoded = SenmlCodec.encode(BME280_PACK, SenmlFormat.CBOR);

        assertThat(Hex.of(encoded)).isEqualTo(Hex.of(BME280_CBOR));
        assertThat(encoded).hasSize(115);
        assertThat(SenmlCodec.decode(BME280_CBOR, SenmlFormat.CBOR)).isEqualTo(BME280_PACK);
    }

    @Test
    void json_bme280Pack_isCompactWithBaseFields() throws Exception {
        String json = "[{\"bn\":\"urn:dev:ops:fieldnode-3f9c:\",\"bt\":1700000000,\"n\":\"env0/temperature\","
                + "\"u\":\"Cel\",\"v\":21.5},{\"n\":\"env0/humidity\",\"u\":\"%RH\",\"v\":40},"
                + "{\"n\":\"env0/pressure\",\"u\":\"Pa\",\"v\":101325}]";

        byte[] encoded = SenmlCodec.encode(BME280_PACK, SenmlFormat.JSON);

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(SenmlCodec.decode(encoded, SenmlFormat.JSON)).isEqualTo(BME280_PACK);
    }

    @Test
    void cbor_oneSeriesAtRegularTimes_isOneRunWithATimeStep() throws Exception {
        List<SenmlRecord> pack = List.of(
                new SenmlRecord("urn:dev:ops:n1:soil0/soil_moisture", "%", 31, T0),
                new SenmlRecord("urn:dev:ops:n1:soil0/soil_moisture", "%", 30.5, T0.plusMillis(300_500)));

        // 82 A5 21 78 22 "urn:dev:ops:n1:soil0/soil_moisture" 22 1A6553F100 23 61 "%" 02 18 1F 63 "dt_" F9 5CB2 (300.5)
        //    A1 02 F9 4FA0 (30.5; its time is the previous one + dt_, so no t)
        byte[] encoded = SenmlCodec.encode(pack, SenmlFormat.CBOR);
        assertThat(Hex.of(encoded))
                .isEqualTo(Hex.of(Hex.bytes("82 a5 21 7822" + ascii("urn:dev:ops:n1:soil0/soil_moisture")
                        + "22 1a6553f100 23 61" + ascii("%") + "02 181f 63" + ascii("dt_") + "f95cb2"
                        + "a1 02 f94fa0")));
        assertThat(SenmlCodec.decode(encoded, SenmlFormat.CBOR)).isEqualTo(pack);
    }

    @Test
    void cbor_weatherBatch_travelsInSeriesRunsWithStepBaseValueAndDecimalFloats() throws Exception {
        List<SenmlRecord> batch = List.of(
                new SenmlRecord("t", "Cel", 21.4, T0),
                new SenmlRecord("p", "Pa", 101_325, T0),
                new SenmlRecord("t", "Cel", 21.5, T0.plusSeconds(300)),
                new SenmlRecord("p", "Pa", 101_320, T0.plusSeconds(300)));

        // 84
        //   A7 21 61 "t"  22 1A6553F100  23 63 "Cel"  02 F9 4D5A (21.4 as the half 21.40625, read as a decimal)
        //      63 "dt_" 19 012C (300 s)  63 "to_" 01 (grouped: sender's order is time order)  63 "df_" 01
        //   A1 02 F9 4D60                 21.5 at bt + 300 (the step)
        //   A5 21 61 "p"  23 62 "Pa"  24 1A 00018BCA (bv 101322)  02 03 (v 3)  06 00 (t 0: the run starts at bt)
        //   A1 02 21                      v -2: 101320 at the previous time + 300
        byte[] expected = Hex.bytes("84"
                + "a7 21 61" + ascii("t") + "22 1a6553f100 23 63" + ascii("Cel") + "02 f94d5a"
                + "63" + ascii("dt_") + "19012c 63" + ascii("to_") + "01 63" + ascii("df_") + "01"
                + "a1 02 f94d60"
                + "a5 21 61" + ascii("p") + "23 62" + ascii("Pa") + "24 1a00018bca 02 03 06 00"
                + "a1 02 21");

        byte[] encoded = SenmlCodec.encode(batch, SenmlFormat.CBOR);

        assertThat(Hex.of(encoded)).isEqualTo(Hex.of(expected));
        assertThat(SenmlCodec.decode(encoded, SenmlFormat.CBOR)).isEqualTo(batch); // back in the sender's order
    }

    @Test
    void cbor_decimalFloat_isReadAsItsShortestDecimalOnlyUnderDf() throws Exception {
        // 21.4 travels as the half 0x4D5A = 21.40625; with df_ it reads back as the double nearest 21.4.
        byte[] encoded = SenmlCodec.encode(List.of(new SenmlRecord("x", "", 21.4, T0)), SenmlFormat.CBOR);
        assertThat(Hex.of(encoded))
                .isEqualTo(Hex.of(Hex.bytes("81 a4 22 1a6553f100 00 6178 02 f94d5a 63" + ascii("df_") + "01")));
        assertThat(SenmlCodec.decode(encoded, SenmlFormat.CBOR))
                .extracting(SenmlRecord::value)
                .containsExactly(21.4);
        // Without df_ the same half means exactly 21.40625 (RFC 8949 §3.3), as older nodes meant it.
        assertThat(SenmlCodec.decode(Hex.bytes("81 a3 22 1a6553f100 00 6178 02 f94d5a"), SenmlFormat.CBOR))
                .extracting(SenmlRecord::value)
                .containsExactly(21.40625);
    }

    @Test
    void decode_previousLayoutWithPrefixAndRelativeT_isStillRead() throws Exception {
        // What nodes sent before series runs: bn = urn prefix, n and t on every record.
        byte[] old = Hex.bytes("82 a5 21 6f" + ascii("urn:dev:ops:n1:") + "22 1a6553f100 23 61" + ascii("%") + "00 73"
                + ascii("soil0/soil_moisture") + "02 181f" + "a3 00 73" + ascii("soil0/soil_moisture")
                + "02 f94fa0 06 f95cb2");

        assertThat(SenmlCodec.decode(old, SenmlFormat.CBOR))
                .containsExactly(
                        new SenmlRecord("urn:dev:ops:n1:soil0/soil_moisture", "%", 31, T0),
                        new SenmlRecord("urn:dev:ops:n1:soil0/soil_moisture", "%", 30.5, T0.plusMillis(300_500)));
    }

    @Test
    void cbor_numbers_useShortestExactForm() {
        // RFC 8949 Appendix A lists these encodings.
        assertThat(valueBytes(0.5)).isEqualTo("f93800");
        assertThat(valueBytes(-0.0)).isEqualTo("f98000");
        assertThat(valueBytes(65504.0)).isEqualTo("19ffe0"); // integral: an integer, not the half 0xF97BFF
        assertThat(valueBytes(100000.5)).isEqualTo("fa47c35040");
        assertThat(valueBytes(0.1 + 0.2)).isEqualTo("fb3fd3333333333334"); // 0.30000000000000004: no short decimal
        assertThat(valueBytes(1.0e300)).isEqualTo("fb7e37e43c8800759c");
        assertThat(valueBytes(-1)).isEqualTo("20");
        assertThat(valueBytes(-1000)).isEqualTo("3903e7");
        assertThat(valueBytes(1_000_000_000_000.0)).isEqualTo("1b000000e8d4a51000");
        assertThat(valueBytes(5.960464477539063e-8)).isEqualTo("f90001"); // smallest half subnormal
    }

    @Test
    void cbor_largeNegativeIntegers_roundOnceWhenDecoded() throws Exception {
        // -2^53 - 2 is a double; -1 - n must be computed exactly before rounding, or it lands on -2^53.
        List<SenmlRecord> pack = List.of(new SenmlRecord("x", "", -9.007199254740994E15, T0));

        assertThat(SenmlCodec.decode(SenmlCodec.encode(pack, SenmlFormat.CBOR), SenmlFormat.CBOR))
                .isEqualTo(pack);
        // -2^64 = -1 - (2^64 - 1): the most negative CBOR integer.
        assertThat(SenmlCodec.decode(Hex.bytes("81 a3 22 1a6553f100 00 6178 02 3bffffffffffffffff"), SenmlFormat.CBOR))
                .extracting(SenmlRecord::value)
                .containsExactly(-0x1p64);
    }

    @Test
    void decode_fractionalBaseTimeWithNegativeOffsets_resolvesAbsoluteTimes() throws Exception {
        // Shaped like RFC 8428 §5.1.3 (bt with a fraction, negative t, bu overridden by u).
        String json = "[{\"bn\":\"urn:dev:ow:10e2073a0108006:\",\"bt\":1.276020076001e+09,\"bu\":\"A\",\"bver\":5,"
                + "\"n\":\"voltage\",\"u\":\"V\",\"v\":120.1},{\"n\":\"current\",\"t\":-5,\"v\":1.2},"
                + "{\"n\":\"current\",\"t\":-4,\"v\":1.3}]";

        List<SenmlRecord> records = SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON);

        Instant bt = Instant.parse("2010-06-08T18:01:16.001Z");
        assertThat(records)
                .containsExactly(
                        new SenmlRecord("urn:dev:ow:10e2073a0108006:voltage", "V", 120.1, bt),
                        new SenmlRecord("urn:dev:ow:10e2073a0108006:current", "A", 1.2, bt.minusSeconds(5)),
                        new SenmlRecord("urn:dev:ow:10e2073a0108006:current", "A", 1.3, bt.minusSeconds(4)));
    }

    @Test
    void decode_baseValueAndLaterBaseName_applyToFollowingRecords() throws Exception {
        // RFC 8428 §4.6: a base field holds until it is set again.
        String json = "[{\"bn\":\"a:\",\"bt\":1700000000,\"bv\":100,\"n\":\"x\",\"v\":1},"
                + "{\"bn\":\"b:\",\"n\":\"y\",\"v\":-1}]";

        assertThat(SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .containsExactly(new SenmlRecord("a:x", "", 101, T0), new SenmlRecord("b:y", "", 99, T0));
    }

    @Test
    void decode_jsonWithWhitespaceAndUnknownOptionalLabel_isAccepted() throws Exception {
        String json = " [ {\"bn\" : \"n:\" , \"bt\":1700000000 ,\"n\":\"a\", \"v\": 2.5e0, \"note\": \"x\"} ]\n";

        assertThat(SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .containsExactly(new SenmlRecord("n:a", "", 2.5, T0));
    }

    @Test
    void emptyPack_isAnEmptyArray() throws Exception {
        assertThat(SenmlCodec.encode(List.of(), SenmlFormat.CBOR)).containsExactly(0x80);
        assertThat(SenmlCodec.encode(List.of(), SenmlFormat.JSON)).containsExactly('[', ']');
        assertThat(SenmlCodec.decode(new byte[] {(byte) 0x80}, SenmlFormat.CBOR))
                .isEmpty();
    }

    @Test
    void formats_carryTheirContentFormats() {
        assertThat(SenmlFormat.byContentFormat(112)).contains(SenmlFormat.CBOR);
        assertThat(SenmlFormat.byContentFormat(110)).contains(SenmlFormat.JSON);
        assertThat(SenmlFormat.byContentFormat(50)).isEmpty();
        assertThat(SenmlFormat.CBOR.mediaType()).isEqualTo("application/senml+cbor");
    }

    /** The bytes of {@code v} in the one-record pack {@code [{bt: T0, n: "x", v: value}]}. */
    private static String valueBytes(double value) {
        String hex = Hex.of(SenmlCodec.encode(List.of(new SenmlRecord("x", "", value, T0)), SenmlFormat.CBOR));
        String prefix = "81" + "a3" + "22 1a6553f100".replace(" ", "") + "00 6178".replace(" ", "") + "02";
        assertThat(hex).startsWith(prefix);
        return hex.substring(prefix.length());
    }

    private static String ascii(String text) {
        return Hex.of(text.getBytes(StandardCharsets.US_ASCII));
    }
}
