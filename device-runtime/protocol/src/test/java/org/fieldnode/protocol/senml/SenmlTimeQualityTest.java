// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@code tq_} extension: a record whose time was not synchronised says so, in both formats. */
class SenmlTimeQualityTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:07Z");

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void unsyncedTimes_roundTrip_andSyncedOnesCarryNoField(SenmlFormat format) throws Exception {
        List<SenmlRecord> records = List.of(
                new SenmlRecord("urn:dev:ops:n1:env0/temperature", "Cel", 20.5, T, true),
                new SenmlRecord("urn:dev:ops:n1:env0/humidity", "%RH", 55, T, false));

        byte[] payload = SenmlCodec.encode(records, format);

        assertThat(SenmlCodec.decode(payload, format)).isEqualTo(records);
        assertThat(new String(payload, StandardCharsets.ISO_8859_1)).containsOnlyOnce("tq_");
    }

    @Test
    void aTimeQualityOtherThanOne_isRefused() {
        byte[] json = """
                [{"bn":"urn:dev:ops:n1:","n":"t","v":1,"bt":1735689607,"tq_":2}]""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SenmlCodec.decode(json, SenmlFormat.JSON))
                .isInstanceOf(SenmlException.class)
                .hasMessage("record 0: \"tq_\" must be 1 (time not synchronised)");
    }

    @Test
    void anotherTextLabelInCbor_isRefusedAsNotUnderstood() {
        // [{"xx_": 1}] in CBOR: array(1), map(1), text(3) "xx_", unsigned 1
        byte[] cbor = {(byte) 0x81, (byte) 0xA1, 0x63, 'x', 'x', '_', 0x01};

        assertThatThrownBy(() -> SenmlCodec.decode(cbor, SenmlFormat.CBOR))
                .isInstanceOf(SenmlException.class)
                .hasMessageContaining("unknown label")
                .hasMessageContaining("the text labels fieldnode understands are");
    }
}
