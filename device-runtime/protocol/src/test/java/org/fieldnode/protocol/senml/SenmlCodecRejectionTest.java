// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the decoder, with the exact one-line message an operator or a peer gets. */
class SenmlCodecRejectionTest {
    /** {@code bt: 1700000000} as a CBOR label/value pair. */
    private static final String BT = "22 1a6553f100";

    /** {@code n: "x"} as a CBOR label/value pair. */
    private static final String NX = "00 6178";

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCbor")
    void cbor_refusals(String why, String hex, String message) {
        assertThatThrownBy(() -> SenmlCodec.decode(Hex.bytes(hex), SenmlFormat.CBOR))
                .isInstanceOf(SenmlException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> badCbor() {
        return Stream.of(
                bad("empty payload", "", "payload: is empty; expected a CBOR array of records"),
                bad("map at top level", "a0", "payload: top level must be an array of records, found a map"),
                bad("integer record", "81 01", "record 0: must be a map, found an integer"),
                bad(
                        "text label",
                        "81 a1 6176 01",
                        "record 0: unknown label \"v\": CBOR records use the integer labels of RFC 8428 §6, and the"
                                + " text labels fieldnode understands are \"tq_\", \"dt_\", \"to_\" and \"df_\""),
                bad("unknown label", "81 a1 11 01", "record 0: unknown label 17"),
                bad("no value", "81 a2 " + BT + NX, "record 0: has no \"v\" (only numeric values are supported)"),
                bad("text v", "81 a3 " + BT + NX + "02 6131", "record 0: \"v\" must be a number"),
                bad(
                        "string value",
                        "81 a3 " + BT + NX + "03 6131",
                        "record 0: \"vs\" values are not supported; only numeric \"v\" values are"),
                bad(
                        "boolean value",
                        "81 a3 " + BT + NX + "04 f5",
                        "record 0: \"vb\" values are not supported; only numeric \"v\" values are"),
                bad(
                        "data value",
                        "81 a3 " + BT + NX + "08 4101",
                        "record 0: \"vd\" values are not supported; only numeric \"v\" values are"),
                bad(
                        "sum",
                        "81 a4 " + BT + NX + "02 01 05 01",
                        "record 0: \"s\" (sum) is not supported; only numeric \"v\" values are"),
                bad("NaN", "81 a3 " + BT + NX + "02 f97e00", "record 0: \"v\" must be a finite number"),
                bad("infinity", "81 a3 " + BT + NX + "02 f97c00", "record 0: \"v\" must be a finite number"),
                bad("infinite bt", "81 a3 22 f9fc00 " + NX + "02 01", "record 0: \"bt\" must be a finite number"),
                bad("duplicate", "81 a4 " + BT + NX + "02 01 02 02", "record 0: duplicate label \"v\""),
                bad("trailing", "81 a3 " + BT + NX + "02 01 00", "payload: 1 trailing byte(s) after the pack"),
                bad(
                        "nested array",
                        "81 a3 " + BT + NX + "02 8101",
                        "record 0: \"v\" holds an array; SenML fields are single values, not nested items"),
                bad("tag", "81 a3 " + BT + NX + "02 c101", "record 0: \"v\" holds a CBOR tag; tags are not supported"),
                bad("null", "81 a3 " + BT + NX + "02 f6", "record 0: \"v\" is null"),
                bad("indefinite array", "9f ff", "payload: indefinite-length items are not supported (found an array)"),
                bad(
                        "reserved info",
                        "81 a1 1c 01",
                        "record 0: malformed item (reserved additional information 28, RFC 8949 §3)"),
                bad(
                        "huge text length",
                        "81 a1 00 7a ffffffff",
                        "record 0: needs 4294967295 bytes of \"n\" but only 0 byte(s) remain (truncated or corrupt)"),
                bad("huge record count", "9a 0000ffff a0", "payload: claims 65535 records; at most 1024 are accepted"),
                bad(
                        "count beyond payload",
                        "99 0400 a0",
                        "payload: needs 1024 records but only 1 byte(s) remain (truncated or corrupt)"),
                bad(
                        "pairs beyond payload",
                        "81 b8 ff 00",
                        "record 0: needs 255 label/value pairs but only 1 byte(s) remain (truncated or corrupt)"),
                bad(
                        "truncated uint",
                        "81 a3 " + BT + NX + "02 1a0001",
                        "record 0: needs 4 bytes but only 2 byte(s) remain (truncated or corrupt)"),
                bad("invalid UTF-8", "81 a1 00 62c328", "record 0: \"n\" is not valid UTF-8 (RFC 8949 §3.1)"),
                bad(
                        "bad name char",
                        "81 a3 " + BT + "00 63612062" + "02 01",
                        "record 0: name \"a b\" has a character outside A-Z a-z 0-9 - : . / _ (RFC 8428 §4.5.1)"),
                bad(
                        "name starts with dash",
                        "81 a3 " + BT + "00 622d61" + "02 01",
                        "record 0: name \"-a\" must start with a letter or digit (RFC 8428 §4.5.1)"),
                bad("no name", "81 a2 " + BT + "02 01", "record 0: name is empty (neither \"bn\" nor \"n\" gives one)"),
                bad(
                        "relative time",
                        "82 a3 " + BT + NX + "02 01 a3 06 3a6553f0ff " + NX + "02 01",
                        "record 1: time 0.0 s is relative to now (RFC 8428 §4.5.3); only absolute times"
                                + " (>= 2^28 s) are supported"),
                bad(
                        "no time at all",
                        "81 a2 " + NX + "02 01",
                        "record 0: time 0.0 s is relative to now (RFC 8428"
                                + " §4.5.3); only absolute times (>= 2^28 s) are supported"),
                bad(
                        "newer version",
                        "81 a4 20 0b " + BT + NX + "02 01",
                        "record 0: \"bver\" 11.0 is not a supported version (<= 10)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJson")
    void json_refusals(String why, String json, String message) {
        assertThatThrownBy(() -> SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .isInstanceOf(SenmlException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> badJson() {
        String ok = "\"bt\":1700000000,\"n\":\"x\"";
        return Stream.of(
                bad("object at top level", "{}", "payload: top level must be an array of records, found an object"),
                bad("number record", "[1]", "record 0: must be an object, found \"1]\""),
                bad("string v", "[{" + ok + ",\"v\":\"21.5\"}]", "record 0: \"v\" must be a number"),
                bad(
                        "boolean value",
                        "[{" + ok + ",\"vb\":true}]",
                        "record 0: \"vb\" values are not supported; only numeric \"v\" values are"),
                bad("no value", "[{" + ok + "}]", "record 0: has no \"v\" (only numeric values are supported)"),
                bad("overflow", "[{" + ok + ",\"v\":1e400}]", "record 0: \"v\" must be a finite number"),
                bad("duplicate", "[{" + ok + ",\"v\":1,\"v\":2}]", "record 0: duplicate label \"v\""),
                bad(
                        "must-understand label",
                        "[{" + ok + ",\"v\":1,\"x_\":2}]",
                        "record 0: unknown label \"x_\" must be understood (RFC 8428 §4.4)"),
                bad(
                        "nested",
                        "[{" + ok + ",\"v\":[1]}]",
                        "record 0: \"v\" holds an array; SenML fields are single values, not nested items"),
                bad("null", "[{" + ok + ",\"v\":null}]", "record 0: \"v\" is null"),
                bad("trailing", "[{" + ok + ",\"v\":1}] x", "payload: trailing content after the pack at character 34"),
                bad("leading zero", "[{" + ok + ",\"v\":01}]", "record 0: expected ',' or '}', found \"1}]\""),
                bad(
                        "bare dot",
                        "[{" + ok + ",\"v\":1.}]",
                        "record 0: \"v\" is not a valid JSON number (no digit after '.')"),
                bad(
                        "raw control",
                        "[{" + ok + ",\"u\":\"a\nb\",\"v\":1}]",
                        "record 0: control character in a string must be escaped (RFC 8259 §7)"),
                bad(
                        "escaped control in unit",
                        "[{" + ok + ",\"u\":\"a\\nb\",\"v\":1}]",
                        "record 0: unit \"a\\u000ab\" must be printable ASCII without spaces"),
                bad(
                        "unterminated",
                        "[{" + ok + ",\"v\":1",
                        "record 0: expected ',' or '}', found the end of the payload"),
                bad(
                        "missing bracket",
                        "[{" + ok + ",\"v\":1}",
                        "payload: expected ',' or ']' after record 0, found" + " the end of the payload"));
    }

    @Test
    void json_moreThan1024Records_isRefused() {
        String record = "{\"bn\":\"x\",\"bt\":1700000000,\"v\":1}";
        String json = "[" + String.join(",", Collections.nCopies(1025, record)) + "]";

        assertThatThrownBy(() -> SenmlCodec.decode(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON))
                .hasMessage("payload: has more than 1024 records; at most that many are accepted");
    }

    @Test
    void payloadAbove64KiB_isRefusedBeforeParsing() {
        byte[] payload = new byte[64 * 1024 + 1];

        assertThatThrownBy(() -> SenmlCodec.decode(payload, SenmlFormat.CBOR))
                .hasMessage("payload: 65537 bytes exceed the limit of 65536 bytes");
    }

    @Test
    void invalidUtf8Json_isRefused() {
        assertThatThrownBy(() -> SenmlCodec.decode(new byte[] {'[', (byte) 0xC3, '('}, SenmlFormat.JSON))
                .hasMessage("payload: is not valid UTF-8 (RFC 8259 §8.1)");
    }

    private static Arguments bad(String why, String payload, String message) {
        return Arguments.of(why, payload, message);
    }
}
