// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.runtime.testing.DriverJarFiles;
import org.fieldnode.runtime.testing.PeopleCounterFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver jars of {@code drivers.d/} run in the node's process: one is loaded only when nobody but root (or, in a
 * source checkout, the user running it) can have written it or its directory. The jar here registers the test door
 * counter, whose {@code count} is personal (SECURITY R21).
 */
class DriverJarsTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final DriverJars.Owners MINE = ROOT ? DriverJars.Owners.ROOT : DriverJars.Owners.ROOT_OR_SELF;

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void driversD() throws Exception {
        dir = Files.createDirectories(tmp.resolve("drivers.d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void trustedJar_isLoaded_andItsDriverFound_withItsPersonalQuantity() throws Exception {
        Path jar = DriverJarFiles.peopleCounter(dir.resolve("people.jar"));

        DriverJars jars = DriverJars.scan(dir, MINE, getClass().getClassLoader());

        assertThat(jars.jars()).singleElement().satisfies(j -> {
            assertThat(j.file()).isEqualTo(jar);
            assertThat(j.loaded()).isTrue();
        });
        DriverRegistry registry = DriverRegistry.load(jars.classLoader());
        assertThat(registry.find(PeopleCounterFactory.COMPATIBLE)).isPresent();
        assertThat(registry.personalChannels())
                .containsEntry(PeopleCounterFactory.COMPATIBLE, java.util.Set.of(Channel.COUNT));
        assertThat(DriverRegistry.load(getClass().getClassLoader()).find(PeopleCounterFactory.COMPATIBLE))
                .as("not registered without the jar")
                .isEmpty();
    }

    @Test
    void jarWritableByOthers_isRefused_withTheCommandThatFixesIt() throws Exception {
        Path jar = DriverJarFiles.peopleCounter(dir.resolve("people.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));

        DriverJars jars = DriverJars.scan(dir, MINE, getClass().getClassLoader());

        assertThat(jars.jars().get(0).refusal())
                .contains("writable by group or others (mode 666): chmod go-w " + jar.toRealPath());
        assertThat(DriverRegistry.load(jars.classLoader()).find(PeopleCounterFactory.COMPATIBLE))
                .isEmpty();
    }

    @Test
    void directoryWritableByOthers_refusesEveryJarInIt() throws Exception {
        DriverJarFiles.peopleCounter(dir.resolve("people.jar"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        DriverJars jars = DriverJars.scan(dir, MINE, getClass().getClassLoader());

        assertThat(jars.jars().get(0).refusal())
                .contains("its directory " + dir.toRealPath() + " is writable by group or others (mode 777): chmod"
                        + " go-w " + dir.toRealPath());
    }

    @Test
    void linkToAJarElsewhere_isJudgedWhereItReallyIs() throws Exception {
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path real = DriverJarFiles.peopleCounter(open.resolve("people.jar"));
        Files.createSymbolicLink(dir.resolve("people.jar"), real);

        DriverJars jars = DriverJars.scan(dir, MINE, getClass().getClassLoader());

        String expected = "its directory " + open.toRealPath() + " is writable by group or others";
        assertThat(jars.jars().get(0).refusal())
                .hasValueSatisfying(r -> assertThat(r).startsWith(expected));
    }

    /** As root: the service user's own jar is refused on an installed node (it could plant code that way). */
    @Test
    void asRoot_jarOfAnotherUser_isRefusedOnAnInstalledNode() throws Exception {
        assumeTrue(ROOT, "a file of another user needs root to make (CI runs as root); skipped here");
        Path jar = DriverJarFiles.peopleCounter(dir.resolve("people.jar"));
        UserPrincipal nobody =
                jar.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(jar, nobody);

        DriverJars jars =
                DriverJars.scan(dir, DriverJars.Owners.ROOT, getClass().getClassLoader());

        assertThat(jars.jars().get(0).refusal())
                .contains("owned by nobody, not root: sudo chown root " + jar.toRealPath());
    }

    @Test
    void noDirectory_meansNoJars_andTheCatalogueAlone() {
        DriverJars jars =
                DriverJars.scan(tmp.resolve("absent"), MINE, getClass().getClassLoader());

        assertThat(jars.jars()).isEmpty();
        assertThat(jars.classLoader()).isSameAs(getClass().getClassLoader());
    }
}
