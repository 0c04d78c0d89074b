// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.pipeline.TimeQuality;
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

        var readings = new NodeHealth(root, Optional.of(root))
                .readings(new NodeHealth.Figures(12, 3, true, 3600), now, 42, TimeQuality.SYNCED);

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
                        "health/storage_free");
        assertThat(readings.get(0).value()).isEqualTo(12);
        assertThat(readings.get(1).value()).isEqualTo(3);
        assertThat(readings.get(2).value()).isEqualTo(1);
        assertThat(readings.get(3).channel()).isEqualTo(Channel.UPTIME);
        assertThat(readings.get(4).value()).isEqualTo(48.312);
        assertThat(readings.get(5).value()).isPositive();
    }

    @Test
    void withoutThermalZoneOrStorage_thoseAreLeftOut() {
        var readings = new NodeHealth(root, Optional.empty())
                .readings(new NodeHealth.Figures(0, 0, false, 5), Instant.now(), 0, TimeQuality.UNSYNCED);

        assertThat(readings)
                .extracting(Reading::seriesName)
                .containsExactly("health/queued", "health/dropped", "health/state", "health/uptime");
        assertThat(readings).allMatch(r -> r.timeQuality() == TimeQuality.UNSYNCED);
    }
}
