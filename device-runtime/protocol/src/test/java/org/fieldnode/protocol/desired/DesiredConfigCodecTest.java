// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DesiredConfigCodecTest {
    private static DesiredConfig config(long version, Map<String, String> entries) {
        return new DesiredConfig(version, new TreeMap<>(entries));
    }

    @Test
    void encode_matchesTheLayoutInTheClassComment() {
        byte[] bytes = DesiredConfigCodec.encode(config(3, Map.of("interval.env0", "5m")));

        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("a2" + "0003" + "01a1" + "6d" + hex("interval.env0") + "62" + hex("5m"));
        assertThat(bytes).hasSize(22);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void roundTrip_keepsEveryEntry_andTheTypedViewsReadThem() throws Exception {
        DesiredConfig sent = config(
                70_000,
                Map.of(
                        "interval.env0", "90s",
                        "deadband.env0.temperature", "0.1",
                        "queue.fsync", "interval:30s"));

        DesiredConfig received = DesiredConfigCodec.decode(DesiredConfigCodec.encode(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.interval("env0")).contains(Duration.ofSeconds(90));
        assertThat(received.interval("soil1")).isEmpty();
        assertThat(received.deadband("env0", "temperature")).hasValue(0.1);
        assertThat(received.queueFsync()).contains("interval:30s");
    }

    @Property
    void roundTrip_anyVersionAndIntervals(
            @ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long version,
            @ForAll @IntRange(min = 1, max = 86_400) int seconds,
            @ForAll @IntRange(min = 0, max = 31) int sensors)
            throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (int i = 0; i < sensors; i++) {
            entries.put("interval.s" + i, DesiredConfigCodec.canonical("interval.s" + i, seconds + "s"));
        }
        DesiredConfig config = config(version, entries);
        assertThat(DesiredConfigCodec.decode(DesiredConfigCodec.encode(config))).isEqualTo(config);
    }

    @Test
    void canonical_givesOneFormPerValue() throws Exception {
        assertThat(DesiredConfigCodec.canonical("interval.env0", "300s")).isEqualTo("5m");
        assertThat(DesiredConfigCodec.canonical("deadband.env0.humidity", "0.50"))
                .isEqualTo("0.5");
        assertThat(DesiredConfigCodec.canonical("deadband.env0.humidity", "0.000"))
                .isEqualTo("0");
        assertThat(DesiredConfigCodec.canonical("deadband.env0.pressure", "1e2"))
                .isEqualTo("100");
        assertThat(DesiredConfigCodec.canonical("queue.fsync", "interval:60s")).isEqualTo("interval:1m");
        assertThat(DesiredConfigCodec.canonical("queue.fsync", "per-batch")).isEqualTo("per-batch");
        assertThat(DesiredConfigCodec.parseAssignment(" interval.env0 = 2m "))
                .isEqualTo(Map.entry("interval.env0", "2m"));
    }

    @Test
    void canonical_refusesBadEntries_withAShortReasonNamingTheKey() {
        assertReason("interval.env0", "0s", "interval.env0: 0s is outside 1s..1d");
        assertReason("interval.env0", "2d", "interval.env0: 2d is outside 1s..1d");
        assertReason("interval.env0", "soon", "interval.env0: expected a duration like 30s or 5m, got 'soon'");
        assertReason("interval.Env0", "5m", "interval.Env0: sensor id must match [a-z][a-z0-9_-]{0,31}");
        assertReason("deadband.env0.warmth", "1", "deadband.env0.warmth: unknown quantity 'warmth'");
        assertReason("deadband.env0", "1", "deadband.env0: expected deadband.<sensor>.<quantity>");
        assertReason("deadband.env0.temperature", "-1", "deadband.env0.temperature: step must be 0..1e9, got -1");
        assertReason(
                "deadband.env0.temperature", "NaN", "deadband.env0.temperature: expected a step like 0.1, got 'NaN'");
        assertReason("queue.fsync", "sometimes", "queue.fsync: expected per-record|per-batch|interval:<duration>");
        assertReason("queue.fsync", "interval:10ms", "queue.fsync: 10ms is outside 100ms..1h");
        assertReason("sampling.rate", "1", "unknown key 'sampling.rate'");
        assertThatThrownBy(() -> DesiredConfigCodec.parseAssignment("interval.env0"))
                .hasMessage("expected key=value, got 'interval.env0'");
    }

    private static void assertReason(String key, String value, String reason) {
        assertThatThrownBy(() -> DesiredConfigCodec.canonical(key, value))
                .isInstanceOf(DesiredConfigException.class)
                .hasMessage(reason);
        assertThat(reason.length()).isLessThanOrEqualTo(DesiredConfigCodec.MAX_REASON_BYTES);
    }

    @Test
    void decode_refusesWhatIsNotADesiredConfig() {
        assertDecodeFails("", "payload ends early at byte 0");
        assertDecodeFails("a1", "expected map {0: version, 1: entries}");
        assertDecodeFails("a20000", "version 0 out of range");
        assertDecodeFails("a2000301a1", "payload ends early at byte 5");
        assertDecodeFails("a2000301a0ff", "1 bytes after the map");
        assertDecodeFails(
                "a2000301a1" + "6b" + hex("queue.fsync") + "62" + hex("no"),
                "queue.fsync: expected per-record|per-batch|interval:<duration>");
        assertDecodeFails(
                "a2000301a1" + "6b" + hex("queue.fsync") + "1b", "byte 17: expected CBOR major type 3, got 0");
        assertDecodeFails("a2000301a1" + "62c328" + "61" + "78", "byte 6: text is not UTF-8");
        assertDecodeFails(
                "a2000301a2" + "6b" + hex("queue.fsync") + "69" + hex("per-batch") + "6b" + hex("queue.fsync") + "69"
                        + hex("per-batch"),
                "duplicate key 'queue.fsync'");
        assertDecodeFails("a2000301b821", "33 entries, at most 32");
    }

    private static void assertDecodeFails(String hex, String reason) {
        assertThatThrownBy(() -> DesiredConfigCodec.decode(HexFormat.of().parseHex(hex)))
                .isInstanceOf(DesiredConfigException.class)
                .hasMessage(reason);
    }

    @Test
    void encode_refusesAConfigThatDoesNotFitOneDatagram() {
        Map<String, String> entries = new TreeMap<>();
        for (int i = 0; i < 32; i++) {
            entries.put("deadband.sensor-with-a-long-name-" + i + ".soil_moisture", "123456.789");
        }
        assertThatThrownBy(() -> DesiredConfigCodec.encode(config(1, entries)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1024 fit one datagram");
    }

    @Test
    void reportQueries_carryTheAppliedVersion_andARefusalWithAPrintableShortReason() {
        assertThat(DesiredConfigCodec.reportQueries(0, OptionalLong.empty(), Optional.empty()))
                .containsExactly("c=0");
        assertThat(DesiredConfigCodec.reportQueries(
                        2, OptionalLong.of(3), Optional.of("interval.env9: no such sensor\r\nX" + "y".repeat(100))))
                .containsExactly("c=2", "cr=3", "cw=interval.env9: no such sensor??X" + "y".repeat(32));
    }
}
