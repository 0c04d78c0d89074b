// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(problem("{ protocol: lwm2m, server: \"coap://x:5683\" }"))
                .contains("report.server: expected a coaps:// URI");
        assertThat(problem("{ protocol: lwm2m }")).contains("report.protocol: lwm2m needs report.server");
        assertThat(problem("{ endpoint: weather-1 }")).contains("report.endpoint: belongs to protocol: lwm2m");
        assertThat(problem("{ protocol: lwm2m, server: \"coaps://h\", collector: \"coaps://c/r\" }"))
                .contains("report.collector: belongs to protocol: coap");
    }

    /** The one problem a profile with this {@code report:} section has. */
    private String problem(String report) {
        try {
            loader.parse("kit.yaml", profile(report));
        } catch (ProfileException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0).toString();
        }
        throw new AssertionError("no problem found in report: " + report);
    }
}
