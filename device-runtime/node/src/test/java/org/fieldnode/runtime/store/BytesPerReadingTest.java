// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

/**
 * Bytes written to storage per reading (PERFORMANCE.md: at most twice the encoded reading) for a weather station
 * sampling 4 values every 5 minutes for a day, each cycle delivered and acknowledged before the next: all bytes
 * count (records, segment header, metadata written for each acknowledgement). The bound is a size, not a time.
 *
 * <p>Documented bounds: with records of one cycle (per-batch, interval) every reading costs at most 24 bytes of
 * record and at most 2 x its SenML-CBOR size all in; one record per reading (per-record) costs at most 44 bytes of
 * record and still at most 2 x SenML all in.
 */
class BytesPerReadingTest {
    private static final int CYCLES = 288; // one day at 5 minutes
    private static final String BASE_NAME = "urn:dev:ops:fieldnode-3f9c:";

    @TempDir
    Path dir;

    /** Cycle {@code c}: BME280 values at its resolutions (0.01 °C, 1/1024 %RH, 1/256 Pa) and a BH1750 lux. */
    static List<Reading> cycle(int c) {
        Instant at = Instant.parse("2026-03-01T00:00:00Z").plus(Duration.ofMinutes(5L * c));
        long mono = TimeUnit.MINUTES.toNanos(5L * c) + 12_345_678L;
        double temperature = Math.round(1500 + 600 * Math.sin(c / 45.8)) / 100.0;
        double humidity = Math.round((60 + 20 * Math.cos(c / 45.8)) * 1024) / 1024.0;
        double pressure = Math.round((100_900 + 150 * Math.sin(c / 90.0)) * 256) / 256.0;
        double lux = Math.max(0, Math.round(40_000 * Math.sin(c / 91.7)) / 1.2);
        return List.of(
                new Reading("env0", Channel.AMBIENT_TEMPERATURE, temperature, mono, at),
                new Reading("env0", Channel.RELATIVE_HUMIDITY, humidity, mono, at),
                new Reading("env0", Channel.PRESSURE, pressure, mono, at),
                new Reading("lux0", Channel.ILLUMINANCE, lux, mono, at));
    }

    /** SenML CBOR bytes of one cycle sent as one pack, per reading. */
    static double senmlBytesPerReading() {
        long total = 0;
        for (int c = 0; c < CYCLES; c++) {
            List<SenmlRecord> pack = new ArrayList<>();
            for (Reading r : cycle(c)) {
                pack.add(new SenmlRecord(
                        BASE_NAME + r.seriesName(), r.channel().unit().senml(), r.value(), r.observedAt()));
            }
            total += SenmlCodec.encode(pack, SenmlFormat.CBOR).length;
        }
        return (double) total / (4 * CYCLES);
    }

    /** Runs a day; returns {record bytes per reading, all bytes per reading, fsyncs per hour}. */
    private double[] day(FsyncPolicy policy) throws Exception {
        AtomicLong ticker = new AtomicLong();
        Path at = dir.resolve(policy.getClass().getSimpleName());
        long recordBytes = 0;
        try (DurableReadingQueue queue =
                DurableReadingQueue.open(QueueSettings.defaults(at).withFsync(policy), new StorageIo(), ticker::get)) {
            QueueStats start = queue.stats();
            for (int c = 0; c < CYCLES; c++) {
                long diskBefore = queue.stats().diskBytes();
                queue.append(cycle(c));
                recordBytes += queue.stats().diskBytes() - diskBefore;
                if (policy instanceof FsyncPolicy.Interval) {
                    queue.flush(); // what the background timer does once per cycle: cycles are 5 min apart
                }
                Batch batch = queue.peek(24).orElseThrow();
                assertThat(batch.readings()).isEqualTo(cycle(c));
                queue.acknowledge(batch);
                ticker.addAndGet(TimeUnit.MINUTES.toNanos(5));
            }
            QueueStats end = queue.stats();
            double readings = 4.0 * CYCLES;
            return new double[] {
                recordBytes / readings,
                (end.bytesWritten() - start.bytesWritten()) / readings,
                (end.fsyncs() - start.fsyncs()) / (CYCLES / 12.0)
            };
        }
    }

    @Test
    void weatherStationDay_writesAtMostTwiceTheSenmlSize_underEveryPolicy() throws Exception {
        double senml = senmlBytesPerReading();
        for (FsyncPolicy policy :
                List.of(FsyncPolicy.PER_RECORD, FsyncPolicy.PER_BATCH, FsyncPolicy.interval(Duration.ofSeconds(60)))) {
            double[] figures = day(policy);
            Logger.info(
                    "queue {}: {} record bytes/reading, {} bytes written/reading all in, {} fsyncs/hour; SenML CBOR {} bytes/reading",
                    policy,
                    "%.1f".formatted(figures[0]),
                    "%.1f".formatted(figures[1]),
                    "%.1f".formatted(figures[2]),
                    "%.1f".formatted(senml));
            double recordBound = policy instanceof FsyncPolicy.PerRecord ? 44 : 24;
            assertThat(figures[0]).as("%s record bytes per reading", policy).isLessThanOrEqualTo(recordBound);
            assertThat(figures[1]).as("%s bytes written per reading", policy).isLessThanOrEqualTo(2 * senml);
        }
    }
}
