// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;

/** A backlog is cut into messages that each fit one datagram without IP fragmentation. */
class CoapReporterFittingTest {
    private static Batch backlog(int n) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            readings.add(new Reading(
                    "env0",
                    Channel.AMBIENT_TEMPERATURE,
                    20.01 + i * 0.37,
                    i,
                    Instant.parse("2026-11-27T00:00:00Z").plusSeconds(300L * i)));
        }
        return new Batch(0, readings);
    }

    @Test
    void fittingReadings_isTheLongestPrefixWithin1024Bytes() {
        try (CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:5684/r"),
                "fieldnode-0123456789abcdef",
                new PskCredential("fieldnode-0123456789abcdef", new byte[16]),
                SenmlFormat.CBOR,
                Duration.ofSeconds(1)))) {
            Batch big = backlog(200);
            int n = reporter.fittingReadings(big);

            assertThat(n).isBetween(2, 199);
            assertThat(size(reporter, big, n)).isLessThanOrEqualTo(CoapReporter.MAX_PAYLOAD_BYTES);
            assertThat(size(reporter, big, n + 1)).isGreaterThan(CoapReporter.MAX_PAYLOAD_BYTES);
            assertThat(reporter.fittingReadings(backlog(4))).isEqualTo(4);
        }
    }

    private static int size(CoapReporter reporter, Batch batch, int readings) {
        Batch prefix = new Batch(0, batch.readings().subList(0, readings));
        return SenmlCodec.encode(BatchPack.records(BatchPack.ON_THE_WIRE, prefix), SenmlFormat.CBOR).length;
    }
}
