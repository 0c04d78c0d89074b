// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
import org.fieldnode.runtime.report.DeliveryFailure;
import org.fieldnode.runtime.report.ReportResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHealthTest {
    @TempDir
    Path root;

    @Test
    void healthReadings_carryCountersStateUptimeCpuTemperatureAndFreeSpace() throws Exception {
        Path thermal = root.resolve("sys/class/thermal/thermal_zone0/temp");
        Files.createDirectories(thermal.getParent());
        Files.writeString(thermal, "48312\n");
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        var readings = new NodeHealth(root, Optional.of(root), Duration.ofHours(1))
                .readings(new NodeHealth.Figures(12, 3, true, 3600, Optional.empty()), now, 42, TimeQuality.SYNCED);

        assertThat(readings)
                .allMatch(r -> r.sensorId().equals("health") && r.observedAt().equals(now));
        assertThat(readings)
                .extracting(Reading::seriesName)
                .containsExactly(
                        "health/queued",
                        "health/dropped",
                        "health/state",
                        "health/uptime",
                        "health/temperature",
                        "health/storage_free",
                        "health/report_interval");
        assertThat(readings.get(0).value()).isEqualTo(12);
        assertThat(readings.get(1).value()).isEqualTo(3);
        assertThat(readings.get(2).value()).isEqualTo(1);
        assertThat(readings.get(3).channel()).isEqualTo(Channel.UPTIME);
        assertThat(readings.get(4).value()).isEqualTo(48.312);
        assertThat(readings.get(5).value()).isPositive();
        assertThat(readings.get(6).value()).isEqualTo(3600);
    }

    /** Issue 20: while the node cannot deliver, health says why and for how long; one report of 0s closes it. */
    @Test
    void whileUndeliverable_deliveryAndUndeliveredAreSent_thenZeroOnce_thenNothing() {
        NodeHealth health = new NodeHealth(root, Optional.empty(), Duration.ofMinutes(15));
        Instant since = Instant.parse("2026-11-27T10:00:00Z");
        DeliveryFailure failure = new DeliveryFailure(since, ReportResult.Cause.NO_ANSWER, "no CoAP answer");

        var first = health.readings(figures(Optional.empty()), since.minusSeconds(60), 0, TimeQuality.SYNCED);
        var failing = health.readings(figures(Optional.of(failure)), since.plusSeconds(900), 0, TimeQuality.SYNCED);
        var recovered = health.readings(figures(Optional.empty()), since.plusSeconds(1800), 0, TimeQuality.SYNCED);
        var later = health.readings(figures(Optional.empty()), since.plusSeconds(2700), 0, TimeQuality.SYNCED);

        assertThat(first)
                .extracting(Reading::seriesName)
                .contains("health/report_interval")
                .doesNotContain("health/delivery", "health/undelivered");
        assertThat(valueOf(failing, "health/delivery")).isEqualTo(ReportResult.Cause.NO_ANSWER.code());
        assertThat(valueOf(failing, "health/undelivered")).isEqualTo(900);
        assertThat(failing).extracting(Reading::seriesName).doesNotContain("health/report_interval");
        assertThat(valueOf(recovered, "health/delivery")).isZero();
        assertThat(valueOf(recovered, "health/undelivered")).isZero();
        assertThat(later).extracting(Reading::seriesName).doesNotContain("health/delivery", "health/undelivered");
    }

    @Test
    void reportInterval_isRepeatedOnceADay() {
        NodeHealth health = new NodeHealth(root, Optional.empty(), Duration.ofMinutes(15));
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");

        assertThat(health.readings(figures(Optional.empty()), t0, 0, TimeQuality.SYNCED))
                .extracting(Reading::seriesName)
                .contains("health/report_interval");
        assertThat(health.readings(figures(Optional.empty()), t0.plusSeconds(86_399), 0, TimeQuality.SYNCED))
                .extracting(Reading::seriesName)
                .doesNotContain("health/report_interval");
        assertThat(health.readings(figures(Optional.empty()), t0.plusSeconds(86_400), 0, TimeQuality.SYNCED))
                .extracting(Reading::seriesName)
                .contains("health/report_interval");
    }

    /** Issue 15 item 8: version, profile and shared place go as strings at start, when changed, and once a day. */
    @Test
    void facts_goAsTextAtStart_thenOnlyTheOneThatChanged() {
        NodeHealth health = new NodeHealth(root, Optional.empty(), Duration.ofMinutes(15));
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        NodeHealth.Facts facts =
                new NodeHealth.Facts("0.9.0", "3f9c0a1b2c4d well-3.yaml", Optional.of("Well 3, north field"));
        NodeHealth.Facts moved = new NodeHealth.Facts("0.9.0", "3f9c0a1b2c4d well-3.yaml", Optional.of("Well 4"));

        var first = health.readings(withFacts(facts), t0, 0, TimeQuality.SYNCED);
        var second = health.readings(withFacts(facts), t0.plusSeconds(900), 0, TimeQuality.SYNCED);
        var third = health.readings(withFacts(moved), t0.plusSeconds(1800), 0, TimeQuality.SYNCED);

        assertThat(first)
                .filteredOn(r -> r.channel().kind() == Channel.Kind.TEXT)
                .extracting(Reading::seriesName, Reading::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("health/software", "0.9.0"),
                        org.assertj.core.groups.Tuple.tuple("health/profile", "3f9c0a1b2c4d well-3.yaml"),
                        org.assertj.core.groups.Tuple.tuple("health/place", "Well 3, north field"));
        assertThat(second)
                .extracting(Reading::seriesName)
                .contains("health/queued")
                .noneMatch(n -> n.equals("health/software") || n.equals("health/profile") || n.equals("health/place"));
        assertThat(third)
                .filteredOn(r -> r.channel().kind() == Channel.Kind.TEXT)
                .extracting(Reading::seriesName, Reading::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("health/place", "Well 4"));
        // A day on, unchanged facts go again with report_interval (a collector with --keep-days keeps them).
        assertThat(health.readings(withFacts(moved), t0.plusSeconds(86_400), 0, TimeQuality.SYNCED))
                .filteredOn(r -> r.channel().kind() == Channel.Kind.TEXT)
                .extracting(Reading::seriesName)
                .containsExactly("health/software", "health/profile", "health/place");
    }

    @Test
    void aPlaceTheProfileDoesNotShare_isNotSent() {
        var readings = new NodeHealth(root, Optional.empty(), Duration.ofMinutes(15))
                .readings(
                        withFacts(new NodeHealth.Facts("0.9.0", "3f9c0a1b2c4d a.yaml", Optional.empty())),
                        Instant.parse("2026-12-07T10:00:00Z"),
                        0,
                        TimeQuality.SYNCED);

        assertThat(readings).extracting(Reading::seriesName).contains("health/software", "health/profile");
        assertThat(readings).extracting(Reading::seriesName).doesNotContain("health/place");
    }

    private static NodeHealth.Figures withFacts(NodeHealth.Facts facts) {
        return new NodeHealth.Figures(0, 0, false, 5, Optional.empty(), facts);
    }

    private static NodeHealth.Figures figures(Optional<DeliveryFailure> failure) {
        return new NodeHealth.Figures(0, 0, failure.isPresent(), 5, failure);
    }

    private static double valueOf(List<Reading> readings, String series) {
        return readings.stream()
                .filter(r -> r.seriesName().equals(series))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void withoutThermalZoneOrStorage_thoseAreLeftOut() {
        var readings = new NodeHealth(root, Optional.empty(), Duration.ofMinutes(15))
                .readings(figures(Optional.empty()), Instant.now(), 0, TimeQuality.UNSYNCED);

        assertThat(readings)
                .extracting(Reading::seriesName)
                .containsExactly(
                        "health/queued", "health/dropped", "health/state", "health/uptime", "health/report_interval");
        assertThat(readings).allMatch(r -> r.timeQuality() == TimeQuality.UNSYNCED);
    }
}
