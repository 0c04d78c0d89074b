// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileException;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.config.ProfileProblem;
import org.fieldnode.runtime.config.SensorConfig;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-device overlays: merged into the kit they extend, re-checked as a whole, errors in the file at fault. */
class OverlayTest {
    private static final ProfileLoader LOADER = DriverRegistry.load().profileLoader();

    @TempDir
    Path dir;

    private static SensorConfig sensor(Profile profile, String id) {
        return profile.sensors().stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private List<String> problems(Path file) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> LOADER.load(file.toString()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    @Test
    void overlay_mergesPropertiesAndReplacesScalars_onABuiltInKit() throws Exception {
        Path overlay = Files.writeString(dir.resolve("node.yaml"), """
                extends: soil-moisture
                node: { name: soil-12, location: "plot 4 (east)" }
                board: raspberrypi,3b-plus
                sensors:
                  soil0: { interval: 30m, properties: { soil-dry-volts: 2.65 } }
                report: { collector: "coaps://collector.example:5684/r" }
                queue: { disk-budget: 16MiB }
                """);

        Profile p = LOADER.load(overlay.toString());

        assertThat(p.source()).isEqualTo(overlay.toString());
        assertThat(p.board()).isEqualTo("raspberrypi,3b-plus");
        assertThat(p.node().name()).contains("soil-12");
        SensorConfig soil = sensor(p, "soil0");
        assertThat(soil.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(soil.properties())
                .containsEntry("soil-dry-volts", "2.65")
                .containsEntry("soil-wet-volts", "1.2")
                .containsEntry("soil-channel", "0");
        assertThat(sensor(p, "soiltemp0").interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.report().collector()).isPresent();
        assertThat(p.report().maxBatchReadings()).isEqualTo(24);
        assertThat(p.queue().diskBudgetBytes()).isEqualTo(16L << 20);
    }

    @Test
    void overlay_extendsAKitFileNextToIt() throws Exception {
        Files.writeString(dir.resolve("my-kit.yaml"), """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 10s }
                """);
        Path overlay = Files.writeString(dir.resolve("node.yaml"), """
                extends: my-kit.yaml
                sensors: { env0: { reg: 0x77 } }
                """);

        Profile p = LOADER.load(overlay.toString());

        assertThat(sensor(p, "env0").address()).isEqualTo(0x77);
        assertThat(sensor(p, "env0").interval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void problemsPointIntoTheFileThatGaveTheValue() throws Exception {
        Path overlay = Files.writeString(dir.resolve("node.yaml"), """
                extends: weather-station
                sensors:
                  env0: { intervall: 30s }
                  wnd0: { interval: 2m }
                  rain0: { bus: wind }
                """);

        assertThat(problems(overlay))
                .containsExactly(
                        overlay
                                + ":4:3: sensors.wnd0: no sensor 'wnd0' in weather-station, did you mean wind0? (the kit"
                                + " has env0, rain0, wind0, power0)",
                        overlay
                                + ":3:11: sensors[0].intervall: unknown key, did you mean interval? (expected one of id,"
                                + " compatible, bus, reg, interval, status, properties, pipeline, personal)",
                        "weather-station:39:10: sensors[2].bus: GPIO line 27 on wind is already taken by sensors[1]");
    }

    @Test
    void overlayWithAListOfSensors_isExplained() throws Exception {
        Path overlay = Files.writeString(dir.resolve("node.yaml"), """
                extends: weather-station
                sensors:
                  - { id: env0, interval: 30s }
                """);

        assertThat(problems(overlay))
                .containsExactly(overlay + ":3:3: sensors: in an overlay, sensors: maps the kit's sensor ids to what"
                        + " changes, e.g. env0: { interval: 30s }");
    }

    @Test
    void unknownKit_andOverlayOfAnOverlay_areRefused() throws Exception {
        Path misspelt = Files.writeString(dir.resolve("a.yaml"), "extends: wether-station\n");
        Path chained = Files.writeString(dir.resolve("b.yaml"), "extends: overlay-example\n");

        assertThat(problems(misspelt))
                .singleElement()
                .asString()
                .startsWith(
                        misspelt + ":1:10: extends: no kit 'wether-station': not a file next to this overlay and not a"
                                + " built-in profile, did you mean weather-station?");
        assertThat(problems(chained))
                .containsExactly(
                        chained + ":1:10: extends: 'overlay-example' is itself an overlay; an overlay extends a"
                                + " kit, not another overlay");
    }

    @Test
    void overlay_cannotRenameASensor_andLabelsAreChecked() throws Exception {
        Path overlay = Files.writeString(dir.resolve("node.yaml"), """
                extends: solar-power
                node: { name: "panel\\u0007" }
                sensors: { panel0: { id: panel9 } }
                """);

        assertThat(problems(overlay))
                .containsExactly(
                        overlay + ":3:20: sensors.panel0.id: an overlay cannot rename a sensor; leave id out",
                        overlay
                                + ":2:15: node.name: expected a short label (1..64 letters, digits, spaces or . _ , / ( )"
                                + " # -)");
    }
}
