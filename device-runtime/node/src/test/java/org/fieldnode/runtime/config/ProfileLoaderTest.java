// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.fieldnode.protocol.Intervals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280", "rohm,bh1750"));

    private static final String GOOD = """
            board: simulated
            buses:
              i2c1: { kind: i2c, simulated: true }
            sensors:
              - id: env0
                compatible: bosch,bme280
                bus: i2c1
                reg: 0x76
                interval: 5s
                properties: { oversampling: 2 }
              - id: lux0
                compatible: rohm,bh1750
                bus: i2c1
                reg: 0x23
                status: disabled
            report:
              collector: coaps://collector.local:5684/r
              format: json
            """;

    @Test
    void parse_readsEveryField() throws Exception {
        Profile p = loader.parse("kit.yaml", GOOD);

        assertThat(p.board()).isEqualTo("simulated");
        assertThat(p.buses()).containsKey("i2c1");
        assertThat(p.buses().get("i2c1").simulated()).isTrue();
        assertThat(p.sensors()).hasSize(2);
        SensorConfig env = p.sensors().get(0);
        assertThat(env.address()).isEqualTo(0x76);
        assertThat(env.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(env.properties()).containsEntry("oversampling", "2");
        assertThat(p.enabledSensors()).extracting(SensorConfig::id).containsExactly("env0");
        assertThat(p.report().collector()).contains(URI.create("coaps://collector.local:5684/r"));
        assertThat(p.report().format()).isEqualTo("json");
    }

    @Test
    void parse_defaultsIntervalAndReport() throws Exception {
        Profile p = loader.parse("kit.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                """);

        assertThat(p.sensors().get(0).interval()).isEqualTo(ProfileLoader.DEFAULT_INTERVAL);
        assertThat(p.report()).isEqualTo(ReportConfig.defaults());
    }

    @Test
    void parse_misspeltKeyAndDriver_locatesEachProblemWithSuggestion() {
        String yaml = """
                board: simulated
                buses:
                  i2c1: { kind: i2c, simulated: true }
                sensors:
                  - id: env0
                    compatible: bosch,bme208
                    bus: i2c1
                    reg: 0x76
                    intervall: 5s
                """;

        assertThatThrownBy(() -> loader.parse("kit.yaml", yaml))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.problems())
                                .extracting(ProfileProblem::toString)
                                .containsExactly(
                                        "kit.yaml:9:5: sensors[0].intervall: unknown key, did you mean interval? (expected one"
                                                + " of id, compatible, bus, reg, interval, status, properties, pipeline, personal)",
                                        "kit.yaml:6:17: sensors[0].compatible: no driver for 'bosch,bme208', did you mean"
                                                + " bosch,bme280?"));
    }

    @Test
    void parse_unknownBus_namesTheDefinedOnes() {
        String yaml = """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c0, reg: 0x76 }
                """;

        assertThatThrownBy(() -> loader.parse("kit.yaml", yaml))
                .hasMessage("kit.yaml:4:50: sensors[0].bus: no bus 'i2c0' under buses, did you mean i2c1? (defined:"
                        + " i2c1)");
    }

    @Test
    void parse_twoSensorsOnOneAddress_isAConflict() {
        String yaml = """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                  - { id: env1, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                """;

        assertThatThrownBy(() -> loader.parse("kit.yaml", yaml))
                .hasMessageContaining("sensors[1].reg: address 0x76 on i2c1 is already taken by sensors[0]");
    }

    @Test
    void parse_badValues_eachGetsExpectation() {
        String yaml = """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: Env, compatible: "bosch,bme280", bus: i2c1, reg: 0x80, interval: 5 seconds }
                  - { id: env1, compatible: "bosch,bme280", bus: i2c1, reg: 0166 }
                report: { collector: "coap://10.0.0.1/r", format: xml }
                """;

        assertThatThrownBy(() -> loader.parse("kit.yaml", yaml))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.getMessage())
                                .contains("sensors[0].id: expected a short lower-case name")
                                .contains("sensors[0].reg: expected 0x08..0x77, got 0x80")
                                .contains("sensors[0].interval: expected a duration such as 500ms")
                                .contains("sensors[1].reg: '0166' looks octal")
                                .contains("report.collector: expected a coaps:// URI: readings travel only over DTLS")
                                .contains("report.format: expected cbor or json"));
    }

    @Test
    void parse_pipeline_isReadAndItsProblemsPointAtTheEntry() throws Exception {
        Profile ok = loader.parse("kit.yaml", """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - id: env0
                    compatible: bosch,bme280
                    bus: i2c1
                    reg: 0x76
                    pipeline:
                      - { stage: median, window: 3 }
                      - { stage: resolution, step: 0.01 }
                """);
        assertThat(ok.sensors().get(0).pipeline().stages()).hasSize(2);

        assertThatThrownBy(() -> loader.parse("kit.yaml", """
                        board: simulated
                        buses: { i2c1: { kind: i2c, simulated: true } }
                        sensors:
                          - id: env0
                            compatible: bosch,bme280
                            bus: i2c1
                            reg: 0x76
                            pipeline:
                              - { stage: median, window: 3 }
                              - { stage: median, window: three }
                        """))
                .hasMessageStartingWith("kit.yaml:10:9: sensors[0].pipeline[1].window: expected an integer");
    }

    @Test
    void parse_missingRequiredKeys() {
        assertThatThrownBy(() -> loader.parse("kit.yaml", "board: x\n"))
                .hasMessageContaining("kit.yaml:1:1: buses: missing; this key is required")
                .hasMessageContaining("kit.yaml:1:1: sensors: missing; this key is required");
    }

    @Test
    void parse_brokenYaml_givesLineAndColumn() {
        assertThatThrownBy(() -> loader.parse("kit.yaml", "board: x\nbuses: [\n"))
                .isInstanceOfSatisfying(ProfileException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(3);
                    assertThat(e.problems().get(0).message()).startsWith("not valid YAML");
                });
    }

    @Test
    void parse_duplicateKey_isRefused() {
        assertThatThrownBy(() -> loader.parse("kit.yaml", "board: x\nboard: y\n"))
                .hasMessageContaining("kit.yaml:2:1: board: duplicate key; first given on line 1");
    }

    @Test
    void load_unknownName_listsBuiltInProfiles() {
        assertThatThrownBy(() -> loader.load("no-such-kit"))
                .hasMessageStartingWith("no-such-kit:1:1: no such profile: not a file, and not a built-in profile");
    }

    @Test
    void load_readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kit.yaml");
        Files.writeString(file, GOOD);

        assertThat(loader.load(file.toString()).source()).isEqualTo(file.toString());
    }

    @Test
    void durations_roundTrip() {
        assertThat(Intervals.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Intervals.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Intervals.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Intervals.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThatThrownBy(() -> Intervals.parse("-5s")).hasMessageContaining("expected a duration");
    }
}
