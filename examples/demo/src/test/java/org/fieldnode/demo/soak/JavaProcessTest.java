// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fieldnode.runtime.sampling.DriverJars;
import org.junit.jupiter.api.Test;

/** The soak's node processes load the drivers.d jars (and their simulators) the soak command was started with. */
class JavaProcessTest {
    @Test
    void theDriversDirectory_andItsOwnerRule_goToTheNodeProcess() {
        Map<String, String> properties = Map.of(
                DriverJars.DIRECTORY_PROPERTY,
                "/tmp/makers/drivers.d",
                DriverJars.OWNERS_PROPERTY,
                "root-or-self",
                "java.class.path",
                "a.jar:b.jar");

        List<String> command =
                JavaProcess.command(properties::get, List.of("run", "--profile", "/tmp/makers/simulated.yaml"));

        assertThat(command)
                .contains("-D" + DriverJars.DIRECTORY_PROPERTY + "=/tmp/makers/drivers.d")
                .contains("-D" + DriverJars.OWNERS_PROPERTY + "=root-or-self")
                .containsSubsequence("-cp", "a.jar:b.jar", "org.fieldnode.runtime.cli.Main")
                .endsWith("run", "--profile", "/tmp/makers/simulated.yaml");
    }

    @Test
    void withoutDriversSettings_theNodeUsesItsDefaults() {
        List<String> command = JavaProcess.command(Map.of("java.class.path", "a.jar")::get, List.of("run"));

        assertThat(command).noneMatch(arg -> arg.startsWith("-Dfieldnode."));
        assertThat(command).endsWith("a.jar", "org.fieldnode.runtime.cli.Main", "run");
    }
}
