// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code report.protocol: lwm2m} and its keys (LWM2M.md); coaps only (SECURITY R13). */
class ProfileLwm2mTest {
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280"));

    private static String profile(String report) {
        return """
                board: simulated
                buses: { i2c1: { kind: i2c, simulated: true } }
                sensors:
                  - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76 }
                report: %s
                """.formatted(report);
    }

    @Test
    void lwm2m_withServerEndpointLifetime_isRead() throws Exception {
        Profile p = loader.parse(
                "kit.yaml",
                profile(
                        "{ protocol: lwm2m, server: \"coaps://lwm2m.example:5784\", endpoint: weather-1, lifetime: 2h }"));

        assertThat(p.report().protocol()).isEqualTo("lwm2m");
        assertThat(p.report().lwm2m())
                .contains(new Lwm2mConfig(
                        URI.create("coaps://lwm2m.example:5784"),
                        Optional.of("weather-1"),
                        Duration.ofHours(2),
                        false));
    }

    @Test
    void coapIsTheDefault_andHasNoLwm2mSettings() throws Exception {
        Profile p = loader.parse("kit.yaml", profile("{ format: cbor }"));

        assertThat(p.report().protocol()).isEqualTo("coap");
        assertThat(p.report().lwm2m()).isEmpty();
    }

    @Test
    void lwm2m_plainCoap_missingServer_andKeysOfTheOtherProtocol_areLocatedProblems() {
        assertThatThrownBy(() -> loader.parse("kit.yaml", profile("{ protocol: lwm2m, server: \"coap://x:5683\" }")))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.problems())
                                .extracting(ProfileProblem::toString)
                                .singleElement()
                                .asString()
                                .contains("report.server: expected a coaps:// URI"));
        assertThatThrownBy(() -> loader.parse("kit.yaml", profile("{ protocol: lwm2m }")))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.problems())
                                .extracting(ProfileProblem::toString)
                                .singleElement()
                                .asString()
                                .contains("report.protocol: lwm2m needs report.server"));
        assertThatThrownBy(() -> loader.parse("kit.yaml", profile("{ endpoint: weather-1 }")))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.problems())
                                .extracting(ProfileProblem::toString)
                                .singleElement()
                                .asString()
                                .contains("report.endpoint: belongs to protocol: lwm2m"));
        assertThatThrownBy(() -> loader.parse(
                        "kit.yaml", profile("{ protocol: lwm2m, server: \"coaps://h\", collector: \"coaps://c/r\" }")))
                .isInstanceOfSatisfying(
                        ProfileException.class,
                        e -> assertThat(e.problems())
                                .extracting(ProfileProblem::toString)
                                .singleElement()
                                .asString()
                                .contains("report.collector: belongs to protocol: coap"));
    }
}
