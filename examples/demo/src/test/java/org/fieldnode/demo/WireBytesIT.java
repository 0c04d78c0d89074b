// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.demo.soak.LossyUdpProxy;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;

/**
 * Bytes on the wire for the weather-station case of PERFORMANCE.md (4 values every 5 minutes), counted by a relay
 * between a real reporter and a real collector: the PSK handshake, one POST per sample, and hourly batches of 48
 * readings. Writes the figures to {@code target/wire-bytes.txt}; asserts only that batching saves at least a quarter.
 * The day-long figures of {@code fieldnode bench} come from {@code org.fieldnode.benchmarks.wire.WireAndCardPart}.
 */
class WireBytesIT {
    private static final int READINGS_PER_DAY = 4 * 12 * 24;

    @Test
    void hourlyBatches_costFarLessThanOnePostPerSample() throws Exception {
        NodeId id = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential psk = new PskCredential(id.value(), key);
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(psk);
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .build()) {
            collector.start();
            try (LossyUdpProxy link = new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 1);
                    CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                            URI.create("coaps://127.0.0.1:" + link.address().getPort() + "/r"),
                            id.value(),
                            psk,
                            SenmlFormat.CBOR,
                            Duration.ofSeconds(10)))) {
                Instant t0 = Instant.parse("2026-11-27T06:00:00Z");
                long first = exchange(link, reporter, batch(0, t0, 1));
                long perSample = exchange(link, reporter, batch(4, t0.plusSeconds(300), 1));
                long hourly = exchange(link, reporter, batch(8, t0.plusSeconds(600), 12));
                long handshake = first - perSample;

                long perSampleDay = handshake + (long) perSample * READINGS_PER_DAY / 4;
                long hourlyDay = handshake + hourly * 24L;
                String figures = ("wire: handshake_bytes=%d post_4_readings_bytes=%d post_48_readings_bytes=%d"
                                + " per_day_one_post_per_sample=%d per_day_hourly_batches=%d%n")
                        .formatted(handshake, perSample, hourly, perSampleDay, hourlyDay);
                Files.writeString(Path.of("target/wire-bytes.txt"), figures);
                System.out.print(figures);

                assertThat(hourlyDay).isLessThan(perSampleDay * 3 / 4);
                assertThat(collector.store().size()).isEqualTo(4 + 4 + 48);
            }
        }
    }

    /** UDP payload bytes, both ways, for one report. */
    private static long exchange(LossyUdpProxy link, CoapReporter reporter, Batch batch) throws Exception {
        long before = link.bytesUp() + link.bytesDown();
        assertThat(reporter.report(batch)).isEqualTo(new ReportResult.Acknowledged(batch.sequence()));
        Thread.sleep(200); // let the ACK's bytes be counted
        return link.bytesUp() + link.bytesDown() - before;
    }

    /** {@code cycles} samples 5 minutes apart of a weather station: temperature, humidity, pressure, rain. */
    private static Batch batch(long sequence, Instant start, int cycles) {
        List<Reading> readings = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            Instant t = start.plusSeconds(300L * c);
            readings.add(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.37 + c * 0.05, 0, t));
            readings.add(new Reading("env0", Channel.RELATIVE_HUMIDITY, 64.2 - c * 0.1, 0, t));
            readings.add(new Reading("env0", Channel.PRESSURE, 100_812 + c, 0, t));
            readings.add(new Reading("rain0", Channel.RAIN, c % 3 == 0 ? 0.2 : 0, 0, t));
        }
        return new Batch(sequence, readings);
    }
}
