// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.demo.soak.LossyUdpProxy;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.sampling.Jitter;
import org.fieldnode.runtime.store.QueueStats;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;

/**
 * Bytes on the wire and on the card for one virtual day of the weather station (BENCHMARKS.md: ≤ 12,000 B/day on
 * the wire, ≤ 2× the encoded reading and ≤ 60 fsyncs/h on the card).
 *
 * <p>Each day runs the node's real parts: a {@link VirtualWeatherStation} (real drivers on simulated chips, the real
 * sampler with its default jitter, the real durable queue with its default fsync policy) samples 4 values every 5
 * minutes; the real {@link CoapReporter} sends what is queued through a {@link LossyUdpProxy} (no faults; it counts
 * UDP payload bytes both ways) to a real {@link CollectorServer} storing into a real SQLite file under the work
 * directory, over one DTLS 1.2 PSK session kept all day. What is emulated: the delivery loop's timing. The node's
 * {@code DeliveryLoop} holds readings for {@code report.interval} (1 h in the weather-station kit) on the real clock;
 * here the same peek / fit / report / acknowledge steps run once an hour (hourly batches) or once per sample, at a
 * virtual instant, so that a day takes seconds.
 *
 * <p>Figures: {@code wire_hourly}, {@code wire_per_sample}, {@code disk_bytes_per_reading} (floor: the encoded
 * reading, the per-reading share of the one-POST-per-sample SenML payloads), {@code fsyncs_per_hour}.
 */
public final class WireAndCardPart implements BenchPart {
    /** Midnight UTC, so that the simulated weather goes through one whole day and night. */
    static final Instant DAY_START = Instant.parse("2026-06-01T00:00:00Z");

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);

    private final List<Day> days = new ArrayList<>();

    /**
     * What one virtual day did.
     *
     * @param sampled readings the station appended to its queue
     * @param stored readings the collector's SQLite file holds at the end
     * @param posts confirmable POSTs sent (each acknowledged)
     * @param bytesUp UDP payload bytes node → collector, handshake included
     * @param bytesDown UDP payload bytes collector → node
     * @param firstExchangeBytes bytes of the first report (handshake + POST + ACK)
     * @param secondExchangeBytes bytes of the second report (POST + ACK on the open session)
     * @param payloadBytes SenML payload bytes of all POSTs
     * @param diskBytes bytes the queue wrote (records, segment headers, metadata)
     * @param fsyncs fsyncs the queue made (segments, metadata, directory)
     */
    public record Day(
            long sampled,
            long stored,
            long posts,
            long bytesUp,
            long bytesDown,
            long firstExchangeBytes,
            long secondExchangeBytes,
            long payloadBytes,
            long diskBytes,
            long fsyncs) {
        public long wireBytes() {
            return bytesUp + bytesDown;
        }

        /** The handshake's bytes: the first exchange less an exchange of the same shape on the open session. */
        public long handshakeBytes() {
            return firstExchangeBytes - secondExchangeBytes;
        }
    }

    @Override
    public String id() {
        return "wire";
    }

    @Override
    public String name() {
        return "bytes on the wire and on the card";
    }

    @Override
    public List<Figure> measure(BenchContext context) throws Exception {
        days.clear();
        context.step("wire: a virtual day, hourly batches");
        Day hourly = day(context.workDir().resolve("wire-hourly"), Duration.ofHours(1), Jitter.DEFAULT);
        context.step("wire: a virtual day, one POST per sample");
        Day perSample =
                day(context.workDir().resolve("wire-per-sample"), VirtualWeatherStation.INTERVAL, Jitter.DEFAULT);
        context.step("wire: a virtual day, hourly batches, samples without a per-sensor phase");
        Day regular = day(context.workDir().resolve("wire-regular"), Duration.ofHours(1), Jitter.NONE);
        days.addAll(List.of(hourly, perSample, regular));

        double encodedReading = (double) perSample.payloadBytes() / perSample.sampled();
        return List.of(
                Figure.alone(
                                "wire_hourly",
                                "wire, weather station, hourly batches",
                                "B/day",
                                hourly.wireBytes(),
                                Target.atMost(12_000))
                        .withNote(("1 PSK handshake/day (%d B, session kept), %d POSTs of %.0f B SenML;"
                                        + " with no per-sensor phase (0-5 s, constant per sensor) at all: %d B/day")
                                .formatted(
                                        perSample.handshakeBytes(),
                                        hourly.posts(),
                                        (double) hourly.payloadBytes() / hourly.posts(),
                                        regular.wireBytes())),
                Figure.alone(
                                "wire_per_sample",
                                "wire, one POST per sample",
                                "B/day",
                                perSample.wireBytes(),
                                Target.none())
                        .withNote("%d POSTs, 1 handshake; the bare one-POST-per-sample day: ≈ 44 KB/day"
                                .formatted(perSample.posts())),
                Figure.withFloor(
                                "disk_bytes_per_reading",
                                "card bytes written per reading",
                                "B",
                                (double) hourly.diskBytes() / hourly.sampled(),
                                encodedReading,
                                Target.ratioAtMost(2))
                        .withNote("all queue writes, hourly acks; floor = SenML CBOR bytes per reading sent one"
                                + " POST per sample"),
                Figure.alone(
                                "fsyncs_per_hour",
                                "card fsyncs per hour (default policy)",
                                "1/h",
                                hourly.fsyncs() / 24.0,
                                Target.atMost(60))
                        .withNote("fsync per append (per-batch), hourly acks; acks per sample: %.0f/h"
                                .formatted(perSample.fsyncs() / 24.0)));
    }

    /** The days of the last {@link #measure}: hourly, per sample, hourly without jitter. */
    public List<Day> days() {
        return List.copyOf(days);
    }

    /**
     * One virtual day: sampling every 5 minutes, delivery every {@code deliveryEvery} (a divisor of a day).
     *
     * @throws IllegalStateException when a batch is not acknowledged or the collector did not store every reading
     */
    static Day day(Path dir, Duration deliveryEvery, Jitter jitter) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        NodeId id = NodeId.random();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        PskCredential psk = new PskCredential(id.value(), key);
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(psk);
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME));
                CollectorServer collector = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(keys)
                        .store(store)
                        .build()) {
            collector.start();
            try (LossyUdpProxy link = new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 1);
                    CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                            URI.create("coaps://127.0.0.1:" + link.address().getPort() + "/r"),
                            id.value(),
                            psk,
                            SenmlFormat.CBOR,
                            EXCHANGE_TIMEOUT));
                    VirtualWeatherStation station = new VirtualWeatherStation(dir, DAY_START, jitter)) {
                QueueStats start = station.queue().stats();
                Delivery delivery = new Delivery(station, reporter, link);
                long rounds = DAY.dividedBy(deliveryEvery);
                for (long round = 0; round < rounds; round++) {
                    // Deliver one second before the next slot, so each round holds exactly its own samples.
                    station.advance(round == 0 ? deliveryEvery.minusSeconds(1) : deliveryEvery);
                    delivery.deliverAll();
                }
                Thread.sleep(200); // the last ACK is counted by the relay's thread
                QueueStats end = station.queue().stats();
                long sampled = end.readingsAppended() - start.readingsAppended();
                long stored = store.count();
                if (stored != sampled) {
                    throw new IllegalStateException(
                            "the collector stored " + stored + " readings of " + sampled + " sampled");
                }
                return new Day(
                        sampled,
                        stored,
                        delivery.posts,
                        link.bytesUp(),
                        link.bytesDown(),
                        delivery.exchangeBytes.get(0),
                        delivery.exchangeBytes.size() > 1 ? delivery.exchangeBytes.get(1) : 0,
                        delivery.payloadBytes,
                        end.bytesWritten() - start.bytesWritten(),
                        end.fsyncs() - start.fsyncs());
            }
        }
    }

    /** What the delivery loop does with the queue's head, without its timing: peek, fit, report, acknowledge. */
    private static final class Delivery {
        private final VirtualWeatherStation station;
        private final CoapReporter reporter;
        private final LossyUdpProxy link;
        private final List<Long> exchangeBytes = new ArrayList<>();
        private long posts;
        private long payloadBytes;

        Delivery(VirtualWeatherStation station, CoapReporter reporter, LossyUdpProxy link) {
            this.station = station;
            this.reporter = reporter;
            this.link = link;
        }

        void deliverAll() throws InterruptedException {
            while (station.queue().size() > 0) {
                Batch head =
                        station.queue().peek(CoapReporter.MAX_PAYLOAD_BYTES).orElseThrow();
                int fitting = reporter.fittingReadings(head);
                Batch batch = new Batch(head.sequence(), head.readings().subList(0, fitting));
                long before = link.bytesUp() + link.bytesDown();
                ReportResult result = reporter.report(batch);
                if (!(result instanceof ReportResult.Acknowledged)) {
                    throw new IllegalStateException("batch " + batch.sequence() + " not acknowledged: " + result);
                }
                station.queue().acknowledge(batch);
                posts++;
                payloadBytes += senml(batch).length;
                if (exchangeBytes.size() < 2) {
                    Thread.sleep(100); // let the relay count the ACK before the next exchange starts
                    exchangeBytes.add(link.bytesUp() + link.bytesDown() - before);
                }
            }
        }
    }

    /** The payload the reporter sends for {@code batch}: names relative to the node, as on the wire. */
    static byte[] senml(Batch batch) {
        return SenmlCodec.encode(
                batch.readings().stream()
                        .map(r -> new SenmlRecord(
                                r.seriesName(),
                                r.channel().unit().senml(),
                                r.value(),
                                r.observedAt(),
                                r.timeQuality() == TimeQuality.UNSYNCED))
                        .toList(),
                SenmlFormat.CBOR);
    }
}
