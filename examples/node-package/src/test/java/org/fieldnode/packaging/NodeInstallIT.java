// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the node package on this machine with {@code dpkg -i}, runs {@code fieldnode doctor}, {@code profile
 * check} and {@code firstboot} from {@code /usr/bin}, and purges it. It changes the machine (a package, a system
 * user), so it runs only as root and only with {@code FIELDNODE_DPKG_TESTS=1} (CI sets it), and never over an
 * installed fieldnode.
 *
 * <p>The package depends on {@code java21-runtime-headless | java25-runtime-headless}. Where the JDK was unpacked
 * rather than installed as a Debian package (as the Temurin 25 of this machine is), nothing provides that: the test
 * then installs a one-line package that declares it (what {@code equivs} makes for an integrator in the same case),
 * and purges it afterwards.
 */
class NodeInstallIT {
    private static final String SHIM = "fieldnode-local-java-runtime";
    private static Path deb;
    private static boolean shimInstalled;

    @BeforeAll
    static void onlyWhereAllowed(@TempDir Path build) throws Exception {
        assumeTrue("1".equals(System.getenv("FIELDNODE_DPKG_TESTS")), "set FIELDNODE_DPKG_TESTS=1 to install");
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg -i needs root");
        assumeTrue(Command.available("dpkg"), "not a Debian system");
        assumeTrue(!installed("fieldnode"), "fieldnode is installed here already; not touching it");
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            deb = files.filter(p -> p.getFileName().toString().matches("fieldnode_.+_all\\.deb"))
                    .findFirst()
                    .orElseThrow()
                    .toAbsolutePath();
        }
        if (!javaRuntimeDeclared()) {
            Path shim = build.resolve("shim");
            Files.createDirectories(shim.resolve("DEBIAN"));
            Files.writeString(shim.resolve("DEBIAN/control"), """
                    Package: %s
                    Version: 1
                    Architecture: all
                    Maintainer: fieldnode tests <fieldnode@invalid>
                    Provides: java21-runtime-headless, java25-runtime-headless
                    Description: declares a Java runtime installed outside dpkg (fieldnode test)
                    """.formatted(SHIM));
            Path shimDeb = build.resolve(SHIM + ".deb");
            assertOk(Command.run(List.of("dpkg-deb", "--build", shim.toString(), shimDeb.toString())));
            assertOk(Command.run(List.of("dpkg", "-i", shimDeb.toString())));
            shimInstalled = true;
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (deb != null && installed("fieldnode")) {
            Command.run(List.of("dpkg", "--purge", "fieldnode"));
        }
        if (shimInstalled) {
            Command.run(List.of("dpkg", "--purge", SHIM));
        }
    }

    private static boolean installed(String pkg) throws Exception {
        Command c = Command.run(List.of("dpkg-query", "-W", "-f", "${Status}", pkg));
        return c.exitCode() == 0 && c.out().contains("install ok installed");
    }

    private static boolean javaRuntimeDeclared() throws Exception {
        Command c = Command.run(List.of("dpkg-query", "-W", "-f", "${Status}|${Provides}\\n"));
        return c.out()
                .lines()
                .filter(l -> l.startsWith("install ok installed|"))
                .anyMatch(l -> l.contains("java21-runtime-headless") || l.contains("java25-runtime-headless"));
    }

    private static void assertOk(Command c) {
        assertThat(c.exitCode()).as("%s%s", c.out(), c.err()).isZero();
    }

    @Test
    void install_run_andPurge(@TempDir Path tmp) throws Exception {
        assertOk(Command.run(List.of("dpkg", "-i", deb.toString())));

        // postinst: the user, its groups, the data directory and the status link into /run/fieldnode
        Command user = Command.run(List.of("id", "fieldnode"));
        assertOk(user);
        if (Command.run(List.of("getent", "group", "dialout")).exitCode() == 0) {
            assertThat(user.out()).contains("(dialout)");
        }
        Path data = Path.of("/var/lib/fieldnode");
        assertThat(Files.getOwner(data).getName()).isEqualTo("fieldnode");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(data.resolve("status"))).isEqualTo(Path.of("/run/fieldnode/status"));
        assertThat(Files.getOwner(data.resolve("status"), LinkOption.NOFOLLOW_LINKS)
                        .getName())
                .as("made by the service user, not by root in its directory (R34)")
                .isEqualTo("fieldnode");
        // the over-the-air slots UpdateWiring and the launcher need (UPDATES.md), and the package's release file
        Path slots = data.resolve("app");
        assertThat(slots).isDirectory();
        assertThat(Files.getOwner(slots, LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("fieldnode");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(slots)))
                .isEqualTo("rwxr-x---");
        assertThat(Files.readAllLines(Path.of("/usr/share/fieldnode/.fieldnode-release")))
                .contains("sequence=0", "version=0.1.0-SNAPSHOT");
        // an upgrade (the same package again) keeps what an update put in the slots
        Path kept = Files.createDirectories(slots.resolve("slots/a"));
        assertOk(Command.run(List.of("dpkg", "-i", deb.toString())));
        assertThat(kept).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(slots)))
                .isEqualTo("rwxr-x---");

        Command check = Command.run(List.of(
                "/usr/bin/fieldnode", "profile", "check", "weather-station", "/etc/fieldnode/node.yaml.example"));
        assertOk(check);
        assertThat(check.out().lines()).hasSize(2).allMatch(l -> l.startsWith("profile: ok sensors=4"));

        // not a Raspberry Pi, no node.yaml, no node yet: doctor runs, says so, and exits 1
        Command doctor = Command.run(List.of("/usr/bin/fieldnode", "doctor", "--timeout", "500ms"));
        assertThat(doctor.exitCode()).as(doctor.err()).isEqualTo(1);
        assertThat(doctor.out())
                .contains("PASS java")
                .contains("FAIL board         no /proc/device-tree/model")
                .contains("FAIL profile       /etc/fieldnode/node.yaml does not exist")
                .containsPattern("doctor: passed=\\d+ failed=\\d+ skipped=\\d+");

        // first boot from a stand-in boot partition, owned by the package's user
        Path boot = Files.createDirectories(tmp.resolve("boot/fieldnode"));
        Files.writeString(boot.resolve("node.yaml"), "extends: weather-station\nboard: raspberrypi,5\n");
        Files.writeString(
                boot.resolve("fieldnode-bundle.txt"),
                "format=fieldnode-bundle/1\ncollector=coaps://collector.village.example:5684\n"
                        + "psk.identity=enrol-0001\npsk.key=00112233445566778899aabbccddeeff\nca.sha256="
                        + "ab".repeat(32) + "\n");
        Path etc = tmp.resolve("etc");
        Path var = tmp.resolve("var");
        // R34: the service user plants a link where the bundle goes; root's first boot refuses, the target is untouched
        Path victim = Files.writeString(tmp.resolve("shadow"), "root:$6$x:1:0\n");
        Files.createDirectories(var);
        Files.setOwner(var, var.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("fieldnode"));
        Path planted = Files.createSymbolicLink(var.resolve("fieldnode-bundle.txt"), victim);
        List<String> firstbootCommand = List.of(
                "/usr/bin/fieldnode",
                "firstboot",
                "--boot-dir",
                boot.toString(),
                "--config-dir",
                etc.toString(),
                "--data-dir",
                var.toString());
        Command refused = Command.run(firstbootCommand);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().lines())
                .containsExactly("fieldnode firstboot: " + planted + " is a symbolic link; a privileged step never"
                        + " writes through one (SECURITY"
                        + " R34): remove it and try again");
        assertThat(victim).hasContent("root:$6$x:1:0");
        assertThat(Files.getOwner(victim).getName()).isEqualTo("root");
        Files.delete(planted);

        Command firstboot = Command.run(List.of(
                "/usr/bin/fieldnode",
                "firstboot",
                "--boot-dir",
                boot.toString(),
                "--config-dir",
                etc.toString(),
                "--data-dir",
                var.toString()));
        assertOk(firstboot);
        assertThat(firstboot.out()).contains("firstboot: installed=2 removed_from_boot=2 wrapping_key=created");
        assertThat(Files.getOwner(var.resolve("fieldnode-bundle.txt")).getName())
                .isEqualTo("fieldnode");
        assertThat(Files.getOwner(etc.resolve("wrapping.key")).getName()).isEqualTo("fieldnode");
        assertThat(boot.resolve("fieldnode-bundle.txt")).doesNotExist();

        assertOk(Command.run(List.of("dpkg", "--purge", "fieldnode")));

        assertThat(installed("fieldnode")).isFalse();
        assertThat(Command.run(List.of("getent", "passwd", "fieldnode")).exitCode())
                .isNotZero();
        assertThat(data).doesNotExist();
        assertThat(Path.of("/etc/fieldnode")).doesNotExist();
        assertThat(Path.of("/usr/bin/fieldnode")).doesNotExist();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/fieldnode.service"))
                .doesNotExist();
    }
}
