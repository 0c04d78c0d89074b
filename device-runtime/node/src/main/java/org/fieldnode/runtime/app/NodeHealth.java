// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.report.DeliveryFailure;
import org.fieldnode.runtime.report.ReportResult;

/**
 * The node's own health as readings of the pseudo-sensor {@code health}, queued and delivered like any others
 * (so a health report is numbered, never lost and never counted twice): queue depth, dropped readings, state,
 * uptime, CPU temperature and free storage. The collector keeps the latest of each in its device list. (A battery
 * measured by an INA219 already arrives as that sensor's own {@code voltage} series.)
 *
 * <p>Three more series cost bytes only when they say something. While the node cannot deliver, {@code delivery} (why:
 * the {@link ReportResult.Cause#code() cause's code}) and {@code undelivered} (for how many seconds) go with every
 * health report; they arrive with the backlog once the collector is reached, and one report with both at 0 closes
 * the episode. {@code report_interval}, the longest the node means to stay silent while it can deliver (the
 * collector's page flags a node silent longer), goes with the first report after start and then once a day.
 *
 * <p>What the node says about itself ({@link Facts}: its software version, its profile's digest and file name, and
 * its place when the profile shares it) travels as SenML strings ({@code vs}) with the first report after start, again
 * when one of them changed, and otherwise once a day with {@code report_interval}: they rarely change, and a node on
 * mobile data pays for every byte.
 * Called from one thread.
 */
final class NodeHealth {
    static final String SENSOR_ID = SeriesNames.HEALTH_SENSOR;

    /** How often {@code report_interval} is repeated, so a collector that deletes old readings still knows it. */
    private static final Duration INTERVAL_REPEAT = Duration.ofDays(1);

    private final Path root;
    private final Optional<Path> storage;
    private final Duration reportInterval;
    private boolean failureReported;
    private Instant intervalReportedAt;
    private Facts factsSent = Facts.NONE;

    /**
     * @param root the file-system root for {@code /sys/class/thermal} (a fake tree in tests)
     * @param storage where the node keeps its data, for free space; empty when it keeps none
     * @param reportInterval the longest the node means to stay silent while it can deliver
     */
    NodeHealth(Path root, Optional<Path> storage, Duration reportInterval) {
        this.root = root;
        this.storage = storage;
        this.reportInterval = reportInterval;
    }

    /**
     * What the node says about itself, each sent when it differs from what was sent last.
     *
     * @param software the node's software version
     * @param profile the digest and file name of its profile ({@link ProfileDigest})
     * @param place where it stands, empty unless its profile shares {@code node.location}
     */
    record Facts(String software, String profile, Optional<String> place) {
        static final Facts NONE = new Facts("", "", Optional.empty());
    }

    /** A snapshot of the node's counters, and why and since when it cannot deliver, if it cannot. */
    record Figures(
            long queued,
            long dropped,
            boolean degraded,
            long uptimeSeconds,
            Optional<DeliveryFailure> failure,
            Facts facts) {
        Figures(long queued, long dropped, boolean degraded, long uptimeSeconds, Optional<DeliveryFailure> failure) {
            this(queued, dropped, degraded, uptimeSeconds, failure, Facts.NONE);
        }
    }

    List<Reading> readings(Figures f, Instant now, long monotonicNanos, TimeQuality quality) {
        List<Reading> readings = new ArrayList<>(9);
        add(readings, Channel.QUEUED, f.queued(), now, monotonicNanos, quality);
        add(readings, Channel.DROPPED, f.dropped(), now, monotonicNanos, quality);
        add(readings, Channel.STATE, f.degraded() ? 1 : 0, now, monotonicNanos, quality);
        add(readings, Channel.UPTIME, f.uptimeSeconds(), now, monotonicNanos, quality);
        cpuCelsius().ifPresent(c -> add(readings, Channel.AMBIENT_TEMPERATURE, c, now, monotonicNanos, quality));
        freeBytes().ifPresent(b -> add(readings, Channel.STORAGE_FREE, b, now, monotonicNanos, quality));
        if (f.failure().isPresent() || failureReported) {
            long seconds = f.failure()
                    .map(d -> Math.max(0, Duration.between(d.since(), now).toSeconds()))
                    .orElse(0L);
            add(
                    readings,
                    Channel.DELIVERY,
                    f.failure().map(d -> d.cause().code()).orElse(0),
                    now,
                    monotonicNanos,
                    quality);
            add(readings, Channel.UNDELIVERED, seconds, now, monotonicNanos, quality);
            failureReported = f.failure().isPresent();
        }
        boolean daily = intervalReportedAt == null || !now.isBefore(intervalReportedAt.plus(INTERVAL_REPEAT));
        if (daily) {
            add(readings, Channel.REPORT_INTERVAL, reportInterval.toSeconds(), now, monotonicNanos, quality);
            intervalReportedAt = now;
        }
        Facts facts = f.facts();
        // Once a day the facts go again with report_interval, so a collector that deletes old readings keeps them.
        Facts factsSent = daily ? Facts.NONE : this.factsSent;
        addText(readings, Channel.SOFTWARE, facts.software(), factsSent.software(), now, monotonicNanos, quality);
        addText(readings, Channel.PROFILE, facts.profile(), factsSent.profile(), now, monotonicNanos, quality);
        addText(
                readings,
                Channel.PLACE,
                facts.place().orElse(""),
                factsSent.place().orElse(""),
                now,
                monotonicNanos,
                quality);
        this.factsSent = facts;
        return readings;
    }

    /** A text reading when {@code text} is set and differs from what was sent last. */
    private static void addText(
            List<Reading> readings,
            Channel channel,
            String text,
            String sent,
            Instant now,
            long mono,
            TimeQuality quality) {
        if (!text.isEmpty() && !text.equals(sent)) {
            readings.add(Reading.text(SENSOR_ID, channel, text, mono, now, quality));
        }
    }

    private static void add(
            List<Reading> readings, Channel channel, double value, Instant now, long mono, TimeQuality quality) {
        readings.add(new Reading(SENSOR_ID, channel, value, mono, now, quality));
    }

    /** The SoC temperature the kernel reports in milli-degrees (thermal_zone0 is the CPU on every Pi). */
    private OptionalDouble cpuCelsius() {
        Path file = root.resolve("sys/class/thermal/thermal_zone0/temp");
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return OptionalDouble.of(Long.parseLong(text) / 1000.0);
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private OptionalDouble freeBytes() {
        if (storage.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Files.getFileStore(storage.get()).getUsableSpace());
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }
}
