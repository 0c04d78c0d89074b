// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the YAML profile loader (SECURITY R35): damaged profiles either load or fail with a
 * {@link ProfileException} whose every problem is one located line ({@code FILE:LINE:COL: key.path: message});
 * nothing else is thrown, no input takes more than two seconds (YAML aliases cannot explode), and none allocates
 * without bound.
 */
class ProfileFuzzTest {
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280", "rohm,bh1750", "plantower,pms5003"));

    private static final List<String> SEEDS = List.of("""
            board: raspberrypi,4b
            buses:
              i2c1: { kind: i2c, bus: 1 }
              uart0: { kind: uart, device: /dev/serial0 }
            sensors:
              - id: env0
                compatible: bosch,bme280
                bus: i2c1
                reg: 0x76
                interval: 30s
                pipeline: [ { deadband: { step: 0.1, max-silence: 10m } } ]
              - id: lux0
                compatible: rohm,bh1750
                bus: i2c1
                reg: 0x23
                status: disabled
              - { id: pm0, compatible: "plantower,pms5003", bus: uart0, interval: 1m }
            report: { batch-readings: 6 }
            queue: { disk-budget: 8MiB, fsync: per-batch }
            """, """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
            """, """
            a: &a [x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b]
            board: *c
            """);

    @Test
    void anyProfileText_loadsOrFailsWithLocatedProblems() {
        int tried = FuzzRun.run("profile-fuzz", FuzzRun.textMutationsOf(SEEDS), 2000, Duration.ofSeconds(2), yaml -> {
            try {
                loader.parse("fuzz.yaml", yaml);
            } catch (ProfileException e) {
                assertThat(e.problems()).isNotEmpty();
                for (ProfileProblem problem : e.problems()) {
                    assertThat(problem.toString()).startsWith("fuzz.yaml");
                }
            }
        });
        assertThat(tried).isPositive();
    }
}
