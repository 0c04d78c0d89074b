// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An overlay's {@code extends:} reads a kit file only inside the overlay's own directory (first boot copies the boot
 * partition's YAML there and loads it as root): no {@code ../}, no absolute path elsewhere, no symbolic link that
 * leads out; each refusal is one FILE:LINE:COLUMN problem at the value.
 */
class ProfileExtendsTest {
    private static final String KIT = """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 10s }
            """;

    @TempDir
    Path tmp;

    private Path site;
    private Path outside;
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280"));

    @BeforeEach
    void layout() throws Exception {
        site = Files.createDirectories(tmp.resolve("etc/fieldnode"));
        outside = Files.writeString(tmp.resolve("secret-kit.yaml"), KIT);
    }

    private List<String> problems(Path overlay) {
        ProfileException e = catchThrowableOfType(ProfileException.class, () -> loader.loadFile(overlay));
        assertThat(e).as("expected a problem").isNotNull();
        return e.problems().stream().map(ProfileProblem::toString).toList();
    }

    private Path overlay(String extendsValue) throws Exception {
        return Files.writeString(site.resolve("node.yaml"), "node: { name: n1 }\nextends: " + extendsValue + "\n");
    }

    @Test
    void climbingOut_isRefusedAtTheValue() throws Exception {
        Path overlay = overlay("../../secret-kit.yaml");

        assertThat(problems(overlay))
                .containsExactly(overlay + ":2:10: extends: '../../secret-kit.yaml' is outside the overlay's directory "
                        + site + ": a kit file must be next to the overlay (or below it)");
    }

    @Test
    void absolutePathElsewhere_isRefused() throws Exception {
        Path overlay = overlay(outside.toString());

        assertThat(problems(overlay))
                .singleElement()
                .asString()
                .startsWith(overlay + ":2:10: extends: '" + outside + "' is outside the overlay's directory");
    }

    @Test
    void symbolicLinkLeadingOut_isRefused() throws Exception {
        Files.createSymbolicLink(site.resolve("kit.yaml"), outside);
        Path overlay = overlay("kit.yaml");

        assertThat(problems(overlay))
                .containsExactly(overlay + ":2:10: extends: 'kit.yaml' is outside the overlay's directory " + site
                        + ": a kit file must be next to the overlay (or below it) (a symbolic link leads out of it)");
    }

    @Test
    void directoryLinkLeadingOut_isRefused() throws Exception {
        Files.createSymbolicLink(site.resolve("kits"), tmp);
        Path overlay = overlay("kits/secret-kit.yaml");

        assertThat(problems(overlay)).singleElement().asString().contains("(a symbolic link leads out of it)");
    }

    @Test
    void kitsNextToOrBelowTheOverlay_andAbsolutePathsIntoItsDirectory_areRead() throws Exception {
        Files.writeString(site.resolve("kit.yaml"), KIT);
        Files.writeString(Files.createDirectories(site.resolve("kits")).resolve("kit.yaml"), KIT);

        for (String name : List.of(
                "kit.yaml",
                "kits/kit.yaml",
                "kits/../kit.yaml",
                site.resolve("kit.yaml").toString())) {
            Profile profile = loader.loadFile(overlay(name));
            assertThat(profile.sensors()).as(name).hasSize(1);
        }
    }

    @Test
    void aPathIsNeverLookedUpAsABuiltInKit() throws Exception {
        Path overlay = overlay("../profiles/weather-station");

        assertThat(problems(overlay)).singleElement().asString().contains("is outside the overlay's directory");
        assertThat(catchThrowableOfType(ProfileException.class, () -> loader.load("../profiles/weather-station"))
                        .getMessage())
                .contains("no such profile");
    }
}
