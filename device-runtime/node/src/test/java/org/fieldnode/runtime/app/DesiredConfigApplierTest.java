// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.pipeline.StageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredConfigApplierTest {
    private static final List<SensorConfig> PROFILE =
            List.of(new SensorConfig("env0", "bosch,bme280", "i2c1", 0x76, Duration.ofMinutes(5), true, Map.of()));

    @TempDir
    Path dir;

    private static byte[] config(long version, Map<String, String> entries) {
        return DesiredConfigCodec.encode(new DesiredConfig(version, new TreeMap<>(entries)));
    }

    @Test
    void applied_changesIntervalAndDeadband_reportsTheVersion_andSurvivesARestart() {
        DesiredConfigApplier twin = new DesiredConfigApplier(dir, PROFILE);
        assertThat(twin.queries()).containsExactly("c=0");

        twin.offered(config(3, Map.of("interval.env0", "1m", "deadband.env0.temperature", "0.2")));

        assertThat(twin.queries()).containsExactly("c=3");
        SensorConfig env0 = twin.sensors().get(0);
        assertThat(env0.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(env0.pipeline().stages())
                .singleElement()
                .isInstanceOfSatisfying(
                        StageSpec.Deadband.class, d -> assertThat(d.step()).isEqualTo(0.2));
        DesiredConfigApplier afterRestart = new DesiredConfigApplier(dir, PROFILE);
        assertThat(afterRestart.queries()).containsExactly("c=3");
        assertThat(afterRestart.sensors().get(0).interval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void refused_keepsTheRunningVersion_andSaysWhy() {
        DesiredConfigApplier twin = new DesiredConfigApplier(dir, PROFILE);
        twin.offered(config(1, Map.of("interval.env0", "1m")));

        twin.offered(config(2, Map.of("interval.soil9", "1m")));

        assertThat(twin.queries()).containsExactly("c=1", "cr=2", "cw=no sensor soil9 in this node's profile");
        assertThat(twin.sensors().get(0).interval()).isEqualTo(Duration.ofMinutes(1));

        twin.offered(config(4, Map.of("queue.fsync", "per-record")));
        assertThat(twin.queries()).contains("cr=4");
        assertThat(String.join(" ", twin.queries())).contains("queue.fsync applies only at start");
    }

    @Test
    void unreadablePayload_changesNothing() {
        DesiredConfigApplier twin = new DesiredConfigApplier(dir, PROFILE);
        twin.offered(new byte[] {1, 2, 3});

        assertThat(twin.queries()).containsExactly("c=0");
        assertThat(twin.sensors()).isEqualTo(PROFILE);
    }
}
