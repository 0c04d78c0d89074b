// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;

/**
 * The readings of the benchmarks: a weather station's hour at 5-minute sampling, 12 cycles of 4 values (BME280
 * temperature, humidity and pressure, and the rain gauge), rounded as the weather-station profile's pipeline rounds
 * them (0.01 °C, 0.1 %RH, 1 Pa; rain in tips of 0.2794 mm). Deterministic: the same bytes in every run.
 */
public final class HourlyBatch {
    /** Readings per sampling cycle. */
    public static final int PER_CYCLE = 4;

    /** Readings per hourly batch: 12 cycles at 5-minute steps. */
    public static final int READINGS = 48;

    /** A node identity of the collector's form; the base name is {@code urn:dev:ops:<id>:}. */
    public static final String NODE_ID = "fieldnode-3f9c0a1b2c3d4e5f";

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(5);
    private static final double MM_PER_TIP = 0.2794;

    private HourlyBatch() {}

    /** The node's base name, as the reporter prefixes every record. */
    public static String baseName() {
        return "urn:dev:ops:" + NODE_ID + ":";
    }

    /** One sampling cycle ({@value #PER_CYCLE} readings), {@code cycle} steps of 5 minutes after the start. */
    public static List<Reading> cycle(int cycle) {
        Instant at = START.plus(STEP.multipliedBy(cycle));
        long monotonic = STEP.toNanos() * cycle;
        double phase = cycle / 12.0 * Math.PI;
        return List.of(
                new Reading(
                        "env0", Channel.AMBIENT_TEMPERATURE, hundredths(14.2 + 1.7 * Math.sin(phase)), monotonic, at),
                new Reading("env0", Channel.RELATIVE_HUMIDITY, tenths(71.4 - 4.9 * Math.sin(phase)), monotonic, at),
                new Reading("env0", Channel.PRESSURE, Math.round(100_653.0 - 11.0 * cycle), monotonic, at),
                new Reading("rain0", Channel.RAIN, (cycle % 5 == 2 ? 1 : 0) * MM_PER_TIP, monotonic, at));
    }

    /** The hour's 12 sampling cycles, in order. */
    public static List<List<Reading>> cycles() {
        List<List<Reading>> cycles = new ArrayList<>();
        for (int c = 0; c < READINGS / PER_CYCLE; c++) {
            cycles.add(cycle(c));
        }
        return cycles;
    }

    /** The hour: cycles 0 to 11, {@value #READINGS} readings. */
    public static List<Reading> hour() {
        List<Reading> readings = new ArrayList<>(READINGS);
        cycles().forEach(readings::addAll);
        return readings;
    }

    /**
     * The resolved SenML records of a batch, named and stamped as the reporter names them ({@code BatchPack}:
     * {@code <base name><sensor>/<quantity>}, the channel's SenML unit, the observation time, {@code tq_} when
     * the clock was unsynced). The one place to adapt when the reporter's pack building changes.
     */
    public static List<SenmlRecord> records(String baseName, Batch batch) {
        List<SenmlRecord> records = new ArrayList<>(batch.readings().size());
        for (Reading r : batch.readings()) {
            records.add(new SenmlRecord(
                    baseName + r.seriesName(),
                    r.channel().unit().senml(),
                    r.value(),
                    r.observedAt(),
                    r.timeQuality() == TimeQuality.UNSYNCED));
        }
        return records;
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0; // the double nearest k / 100, as ResolutionStage gives it
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
