// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.junit.jupiter.api.Test;

class BatchPackTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void readings_becomeRecordsUnderTheNodeBaseName() {
        Batch batch = new Batch(
                1,
                List.of(
                        new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 0, T0),
                        new Reading("soil0", Channel.SOIL_MOISTURE, 31, 0, T0.plusSeconds(1))));

        assertThat(BatchPack.records("urn:dev:ops:n1:", batch))
                .containsExactly(
                        new SenmlRecord("urn:dev:ops:n1:env0/temperature", "Cel", 21.5, T0),
                        new SenmlRecord("urn:dev:ops:n1:soil0/soil_moisture", "%", 31, T0.plusSeconds(1)));
    }

    @Test
    void aContactIsABoolean_andTheRainTotalASum() {
        Batch batch = new Batch(
                1,
                List.of(
                        new Reading("tank0", Channel.CONTACT, 1, 0, T0),
                        new Reading("rain0", Channel.RAIN_TOTAL, 0.0124, 0, T0)));

        assertThat(BatchPack.records("", batch))
                .containsExactly(
                        new SenmlRecord("tank0/contact", "", 1, T0, false, SenmlRecord.Kind.BOOLEAN),
                        new SenmlRecord("rain0/rain_total", "m", 0.0124, T0, false, SenmlRecord.Kind.SUM));
    }

    @Test
    void healthTextsAreStrings() {
        Batch batch = new Batch(
                1,
                List.of(Reading.text(
                        "health",
                        Channel.SOFTWARE,
                        "0.9.0",
                        0,
                        T0,
                        org.fieldnode.runtime.pipeline.TimeQuality.SYNCED)));

        assertThat(BatchPack.records("", batch))
                .containsExactly(SenmlRecord.text("health/software", "0.9.0", T0, false));
    }

    @Test
    void sensorIdOutsideSenmlCharacters_cannotBeEncoded() {
        Batch batch = new Batch(1, List.of(new Reading("env 0", Channel.AMBIENT_TEMPERATURE, 21.5, 0, T0)));

        assertThatThrownBy(() -> BatchPack.records("urn:dev:ops:n1:", batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 8428 §4.5.1");
    }
}
