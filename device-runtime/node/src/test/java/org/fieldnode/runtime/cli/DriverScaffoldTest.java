// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fieldnode driver new} writes a whole project from its templates, every placeholder filled, and never writes
 * over what a maker already has. (DriverNewIT builds such projects; this checks what is written, fast.)
 */
class DriverScaffoldTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"i2c", "spi", "uart", "modbus", "w1"})
    void eachBus_writesAProjectWithEveryPlaceholderFilled(String bus) throws IOException {
        Path project = dir.resolve("acme-" + bus);

        List<Path> written = DriverScaffold.write(new DriverScaffold.Request(
                "acme,soil-x2", bus, project, DriverScaffold.defaultPackage("acme,soil-x2")));

        assertThat(written)
                .contains(
                        Path.of("pom.xml"),
                        Path.of("README.md"),
                        Path.of("mvnw"),
                        Path.of("src/main/java/org/example/acme/soil_x2/SoilX2Factory.java"));
        assertThat(project.resolve("mvnw")).isExecutable();
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains("<artifactId>fieldnode-bom</artifactId>")
                .contains("<artifactId>fieldnode-driver-acme-soil-x2</artifactId>");
        try (Stream<Path> files = Files.walk(project)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file))
                        .as("%s has no placeholder left", project.relativize(file))
                        .doesNotContainPattern("@[A-Z_]+@");
            }
        }
    }

    @Test
    void aFolderWithFiles_orAFile_isRefused_andLeftAsItWas() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        Path file = Files.writeString(dir.resolve("file"), "mine");

        for (Path target : List.of(used, file)) {
            assertThatThrownBy(() -> DriverScaffold.write(
                            new DriverScaffold.Request("acme,tmp42", "i2c", target, "org.example.acme.tmp42")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(target + " exists and is not an empty directory");
        }
        try (Stream<Path> entries = Files.list(used)) {
            assertThat(entries).containsExactly(used.resolve("notes.txt"));
        }
        assertThat(file).hasContent("mine");
    }

    @Test
    void anEmptyFolder_isUsed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThat(DriverScaffold.write(new DriverScaffold.Request("acme,tmp42", "i2c", empty, "org.example.acme")))
                .contains(Path.of("pom.xml"));
    }

    @Test
    void names_followTheCompatible() {
        assertThat(DriverScaffold.defaultPackage("acme,tmp42")).isEqualTo("org.example.acme.tmp42");
        assertThat(DriverScaffold.defaultPackage("acme,9dof")).isEqualTo("org.example.acme._9dof");
        assertThat(DriverScaffold.className("soil-thc")).isEqualTo("SoilThc");
        assertThat(DriverScaffold.className("9dof")).isEqualTo("Part9dof");
        assertThatThrownBy(() -> DriverScaffold.check(
                        new DriverScaffold.Request("acme,tmp42", "i2c", dir.resolve("x"), "Org.Example")))
                .hasMessageStartingWith("--package must be a lower-case Java package");
    }
}
