// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's .deb as {@code ./mvnw package} left it, read with {@code dpkg-deb}; its launcher runs its jars. */
class CollectorPackageIT {
    private static Path deb;

    @BeforeAll
    static void findPackage() throws Exception {
        assumeTrue(run("sh", "-c", "command -v dpkg-deb").exitCode == 0, "dpkg-deb is not installed");
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            deb = files.filter(p -> p.getFileName().toString().matches("fieldnode-collector_.+_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no fieldnode-collector_<version>_all.deb in target/"));
        }
    }

    private record Result(int exitCode, String out) {}

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void control_and_scripts() throws Exception {
        assertThat(deb.getFileName().toString()).isEqualTo("fieldnode-collector_0.1.0~SNAPSHOT_all.deb");
        Result fields = run("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture", "Depends");
        assertThat(fields.out().lines())
                .containsExactly(
                        "Package: fieldnode-collector",
                        "Version: 0.1.0~SNAPSHOT",
                        "Architecture: all",
                        "Depends: java21-runtime-headless | java25-runtime-headless, passwd");
        assertThat(run("dpkg-deb", "--info", deb.toString()).out())
                .contains("postinst", "prerm", "postrm", "conffiles");
    }

    @Test
    void contents_collectorJarLauncherAndHardenedUnit(@TempDir Path root) throws Exception {
        List<String> lines =
                run("dpkg-deb", "--contents", deb.toString()).out().lines().toList();
        assertThat(lines)
                .anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith(" ./usr/bin/fieldnode-collector"))
                .anyMatch(
                        l -> l.endsWith(" ./usr/share/fieldnode-collector/lib/fieldnode-collector-0.1.0-SNAPSHOT.jar"))
                .anyMatch(l -> l.contains("./usr/share/fieldnode-collector/lib/sqlite-jdbc-"))
                .anyMatch(l -> l.contains("./usr/share/fieldnode-collector/lib/postgresql-"))
                .noneMatch(l -> l.contains("checker-qual"))
                .anyMatch(l -> l.endsWith(" ./usr/lib/systemd/system/fieldnode-collector.service"))
                .anyMatch(l -> l.endsWith(" ./etc/default/fieldnode-collector"))
                .noneMatch(l -> l.contains("junit") || l.contains("/var/lib/"));

        assertThat(run("dpkg-deb", "-x", deb.toString(), root.toString()).exitCode())
                .isZero();
        String unit = Files.readString(root.resolve("usr/lib/systemd/system/fieldnode-collector.service"));
        assertThat(unit.lines())
                .contains(
                        "User=fieldnode-collector",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict",
                        "ProtectHome=yes",
                        "PrivateTmp=yes",
                        "ReadWritePaths=/var/lib/fieldnode-collector",
                        // SECURITY R33: system calls filtered, other processes hidden, IPC removed, no capability
                        "SystemCallFilter=@system-service",
                        "SystemCallErrorNumber=EPERM",
                        "ProtectProc=invisible",
                        "RemoveIPC=yes",
                        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
                        "CapabilityBoundingSet=",
                        "AmbientCapabilities=");
        assertThat(unit.lines())
                .filteredOn(l -> l.startsWith("CapabilityBoundingSet="))
                .containsExactly("CapabilityBoundingSet=");
        Result help = run(
                "env",
                "FIELDNODE_LIB=" + root.resolve("usr/share/fieldnode-collector/lib"),
                "sh",
                root.resolve("usr/bin/fieldnode-collector").toString(),
                "serve",
                "--help");
        assertThat(help.exitCode()).as(help.out()).isZero();
        assertThat(help.out()).contains("--data-dir", "--bind");
    }

    /**
     * The collector's package carries the wire contract, not the node: no node runtime, no drivers, no Pi4J (nor the
     * JNA it needs) and no YAML parser; it runs its own main class.
     */
    @Test
    void contents_holdNoNodeRuntimeDriversPi4jOrYaml(@TempDir Path root) throws Exception {
        List<String> jars = run("dpkg-deb", "--contents", deb.toString())
                .out()
                .lines()
                .filter(l -> l.endsWith(".jar"))
                .map(l -> l.substring(l.lastIndexOf('/') + 1))
                .toList();
        assertThat(jars)
                .contains("fieldnode-protocol-0.1.0-SNAPSHOT.jar", "fieldnode-security-0.1.0-SNAPSHOT.jar")
                .noneMatch(jar -> jar.startsWith("fieldnode-device-runtime")
                        || jar.startsWith("fieldnode-drivers")
                        || jar.startsWith("pi4j-")
                        || jar.startsWith("jna-")
                        || jar.startsWith("snakeyaml"));
        assertThat(run("dpkg-deb", "-x", deb.toString(), root.toString()).exitCode())
                .isZero();
        assertThat(Files.readString(root.resolve("usr/bin/fieldnode-collector")))
                .contains("org.fieldnode.collector.cli.CollectorMain collector")
                .doesNotContain("org.fieldnode.runtime.cli.Main");
    }

    /** Every directive of the unit is known to this systemd and every value parses (skipped without systemd). */
    @Test
    void unit_passesSystemdAnalyzeVerify(@TempDir Path root) throws Exception {
        assumeTrue(
                run("sh", "-c", "command -v systemd-analyze").exitCode() == 0,
                "systemd-analyze is not installed: the unit is checked by its lines only");
        assertThat(run("dpkg-deb", "-x", deb.toString(), root.toString()).exitCode())
                .isZero();
        String unit = Files.readString(root.resolve("usr/lib/systemd/system/fieldnode-collector.service"));
        // verify wants an executable ExecStart
        Path copy = Files.createDirectories(root.resolve("verify")).resolve("fieldnode-collector.service");
        Files.writeString(copy, unit.replace("/usr/bin/fieldnode-collector", "/bin/true"));

        Result verify = run("systemd-analyze", "verify", copy.toString());

        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).as("systemd-analyze verify").isEmpty();
    }
}
