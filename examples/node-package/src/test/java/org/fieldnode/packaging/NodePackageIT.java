// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's .deb and tar.gz as {@code ./mvnw package} left them, read with {@code dpkg-deb} and {@code tar}: control
 * metadata, maintainer scripts, files with their modes and owners, the hardened unit, and the packaged launcher
 * running the packaged jars.
 */
class NodePackageIT {
    private static final Path TARGET = Path.of("target");
    private static Path deb;

    @BeforeAll
    static void findPackage() throws IOException {
        assumeTrue(Command.available("dpkg-deb"), "dpkg-deb is not installed");
        try (Stream<Path> files = Files.list(TARGET)) {
            deb = files.filter(p -> p.getFileName().toString().matches("fieldnode_.+_all\\.deb"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no fieldnode_<version>_all.deb in target/"));
        }
    }

    private static String field(String name) throws Exception {
        Command c = Command.run(List.of("dpkg-deb", "--field", deb.toString(), name));
        assertThat(c.exitCode()).as(c.err()).isZero();
        return c.out().strip();
    }

    @Test
    void control_namesThePackage_itsVersion_andAJava21Runtime() throws Exception {
        assertThat(deb.getFileName().toString()).isEqualTo("fieldnode_" + field("Version") + "_all.deb");
        assertThat(field("Package")).isEqualTo("fieldnode");
        assertThat(field("Version")).isEqualTo("0.1.0~SNAPSHOT");
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Depends")).isEqualTo("java21-runtime-headless | java25-runtime-headless, passwd");
        assertThat(field("Maintainer")).isNotBlank();
        assertThat(field("Description")).startsWith("sensor-node runtime for Raspberry Pi field nodes");
    }

    @Test
    void info_listsTheMaintainerScriptsAndConffiles(@TempDir Path control) throws Exception {
        Command info = Command.run(List.of("dpkg-deb", "--info", deb.toString()));
        assertThat(info.out()).contains("postinst", "prerm", "postrm", "conffiles", "md5sums");

        assertThat(Command.run(List.of("dpkg-deb", "--control", deb.toString(), control.toString()))
                        .exitCode())
                .isZero();
        assertThat(Files.readAllLines(control.resolve("conffiles")))
                .containsExactlyInAnyOrder("/etc/default/fieldnode", "/etc/fieldnode/node.yaml.example");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
            assertThat(Command.run(List.of("sh", "-n", control.resolve(script).toString()))
                            .exitCode())
                    .as("sh -n " + script)
                    .isZero();
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertThat(postinst)
                .contains("useradd --system --gid fieldnode")
                .contains("for group in i2c gpio spi dialout")
                .contains("install -d -o fieldnode -g fieldnode -m 0750 /var/lib/fieldnode");
        assertThat(Files.readString(control.resolve("postrm")))
                .contains("purge)", "rm -rf --one-file-system /var/lib/fieldnode");
    }

    @Test
    void contents_haveTheLauncherUnitsConfigAndOnlyTheNodesJars() throws Exception {
        Command contents = Command.run(List.of("dpkg-deb", "--contents", deb.toString()));
        assertThat(contents.exitCode()).isZero();
        List<String> lines = contents.out().lines().toList();

        assertThat(lines).anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith(" ./usr/bin/fieldnode"));
        for (String file : List.of(
                "./usr/lib/systemd/system/fieldnode.service",
                "./usr/lib/systemd/system/fieldnode-firstboot.service",
                "./usr/lib/systemd/journald.conf.d/60-fieldnode.conf",
                "./etc/default/fieldnode",
                "./etc/fieldnode/node.yaml.example",
                "./usr/share/doc/fieldnode/copyright",
                "./usr/share/doc/fieldnode/INTEGRATORS.md",
                "./usr/share/doc/fieldnode/PILOTS.md",
                "./usr/share/fieldnode/.fieldnode-release",
                "./usr/share/fieldnode/lib/fieldnode-device-runtime-0.1.0-SNAPSHOT.jar",
                "./usr/share/fieldnode/lib/fieldnode-hardware-profiles-0.1.0-SNAPSHOT.jar")) {
            assertThat(lines).as(file).anyMatch(l -> l.startsWith("-rw-r--r-- root/root") && l.endsWith(" " + file));
        }
        assertThat(lines).noneMatch(l -> l.contains("collector") || l.contains("demo") || l.contains("junit"));
        assertThat(lines).noneMatch(l -> l.contains("/var/lib/fieldnode") || l.contains("/usr/local"));
        assertThat(lines).noneMatch(l -> l.matches(".*\\.(key|pem|p12|bcfks)$") || l.contains("psk"));
    }

    @Test
    void unit_runsUnprivileged_withTheHardeningTheIssueAsksFor(@TempDir Path root) throws Exception {
        assertThat(Command.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()))
                        .exitCode())
                .isZero();
        String unit = Files.readString(root.resolve("usr/lib/systemd/system/fieldnode.service"));

        assertThat(unit.lines())
                .contains(
                        "User=fieldnode",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict",
                        "ProtectHome=yes",
                        "PrivateTmp=yes",
                        "ReadWritePaths=/var/lib/fieldnode",
                        "RuntimeDirectory=fieldnode",
                        "StateDirectory=fieldnode",
                        "CapabilityBoundingSet=",
                        "RestartPreventExitStatus=2",
                        "ConditionPathExists=/etc/fieldnode/node.yaml");
        assertThat(unit)
                .contains("ExecStart=/usr/bin/fieldnode run --profile /etc/fieldnode/node.yaml --data-dir"
                        + " /var/lib/fieldnode");
        assertThat(Files.readString(root.resolve("usr/lib/systemd/system/fieldnode-firstboot.service")))
                .contains("Type=oneshot", "Before=fieldnode.service", "ExecStart=/usr/bin/fieldnode firstboot");
    }

    /**
     * SECURITY R33, R34: each unit's [Service] section, parsed, holds the sandbox the issue asks for; the node has no
     * capability at all, first boot only the three it needs to hand files to the service user.
     */
    @Test
    void units_filterSystemCalls_hideProcesses_removeIpc_restrictSockets_andDropCapabilities(@TempDir Path root)
            throws Exception {
        assertThat(Command.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()))
                        .exitCode())
                .isZero();
        Path units = root.resolve("usr/lib/systemd/system");
        Map<String, String> common = Map.of(
                "SystemCallFilter", "@system-service",
                "SystemCallErrorNumber", "EPERM",
                "SystemCallArchitectures", "native",
                "ProtectProc", "invisible",
                "RemoveIPC", "yes",
                "RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6",
                "NoNewPrivileges", "yes",
                "ProtectSystem", "strict",
                "AmbientCapabilities", "");
        Map<String, String> node = service(units.resolve("fieldnode.service"));
        Map<String, String> firstboot = service(units.resolve("fieldnode-firstboot.service"));

        assertThat(node).containsAllEntriesOf(common).containsEntry("CapabilityBoundingSet", "");
        assertThat(firstboot)
                .containsAllEntriesOf(common)
                .containsEntry("CapabilityBoundingSet", "CAP_CHOWN CAP_FOWNER CAP_DAC_OVERRIDE")
                .containsEntry("PrivateNetwork", "yes")
                .containsEntry("ReadWritePaths", "-/etc/fieldnode -/var/lib/fieldnode -/boot/firmware/fieldnode");
        assertThat(firstboot).doesNotContainKey("User");

        verifyWithSystemd(units, List.of("fieldnode.service", "fieldnode-firstboot.service"));
    }

    /**
     * {@code systemd-analyze verify} on copies whose ExecStart runs {@code /bin/true} (verify wants an executable):
     * every directive is known to this systemd and every value parses. Skipped, saying so, without systemd-analyze.
     */
    private static void verifyWithSystemd(Path units, List<String> names) throws Exception {
        assumeTrue(
                Command.available("systemd-analyze"),
                "systemd-analyze is not installed: units checked by parsing only");
        Path copies = Files.createDirectories(units.resolveSibling("verify"));
        List<String> command = new java.util.ArrayList<>(List.of("systemd-analyze", "verify"));
        for (String name : names) {
            Files.writeString(
                    copies.resolve(name),
                    Files.readString(units.resolve(name)).replace("/usr/bin/fieldnode", "/bin/true"));
            command.add(copies.resolve(name).toString());
        }
        Command verify = Command.run(command, Map.of(), copies);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.err() + verify.out()).as("systemd-analyze verify").isEmpty();
    }

    /** The [Service] section of a unit as key → value (a key given twice keeps the last, as systemd reads most). */
    private static Map<String, String> service(Path unit) throws IOException {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[Service]") && !l.isEmpty() && !l.startsWith("#")) {
                int eq = l.indexOf('=');
                values.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return values;
    }

    /** SECURITY R34: the maintainer scripts run as root and write nothing in a directory the service user owns. */
    @Test
    void maintainerScripts_neverWriteAsRootWhereTheServiceUserCan(@TempDir Path control) throws Exception {
        assertThat(Command.run(List.of("dpkg-deb", "--control", deb.toString(), control.toString()))
                        .exitCode())
                .isZero();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            List<String> lines = Files.readAllLines(control.resolve(script)).stream()
                    .map(String::strip)
                    .filter(l -> !l.startsWith("#"))
                    .toList();
            assertThat(lines)
                    .as(script)
                    .noneMatch(l -> l.matches(".*\\b(chown|chmod|chgrp)\\s+(-\\w*[RL]|--recursive).*"));
            assertThat(lines)
                    .as(script + ": a write below /var/lib/fieldnode runs as the service user")
                    .filteredOn(l -> l.matches("(ln|cp|mv|touch|mkdir|tee)\\b.*/var/lib/fieldnode/.*"))
                    .isEmpty();
        }
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("runuser -u fieldnode -- ln -sT /run/fieldnode/status /var/lib/fieldnode/status");
    }

    @Test
    void launcher_sizesTheHeapByMemory_andRunsThePackagedJars(@TempDir Path root) throws Exception {
        Command.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        Path launcher = root.resolve("usr/bin/fieldnode");
        Path lib = root.resolve("usr/share/fieldnode/lib");
        Map<Integer, String> heapByMemTotalMib = Map.of(512, "-Xmx64m", 1024, "-Xmx128m", 4096, "-Xmx256m");
        for (var e : heapByMemTotalMib.entrySet()) {
            Path meminfo = Files.writeString(
                    root.resolve("meminfo-" + e.getKey()), "MemTotal:       " + e.getKey() * 1024 + " kB\n");
            Command dry = Command.run(
                    List.of("sh", launcher.toString(), "version"),
                    Map.of(
                            "FIELDNODE_LIB", lib.toString(),
                            "FIELDNODE_MEMINFO", meminfo.toString(),
                            "FIELDNODE_DRY_RUN", "1"),
                    null);
            assertThat(dry.out()).as("%d MiB", e.getKey()).contains(" " + e.getValue() + " ");
        }

        Command check = Command.run(
                List.of("sh", launcher.toString(), "profile", "check", "weather-station", "simulated-soil-moisture"),
                Map.of("FIELDNODE_LIB", lib.toString()),
                null);
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("profile: ok sensors=4 enabled=4 board=raspberrypi,4b source=weather-station");
    }

    /**
     * drivers.d: the packaged launcher names the directory to the runtime instead of putting its jars on the class
     * path; a jar that others may write is refused with one warning naming it and why, and {@code drivers} lists
     * every jar with its SHA-256.
     */
    @Test
    void launcher_loadsOnlyDriverJarsNobodyElseCanWrite_andListsTheirSha256(@TempDir Path root) throws Exception {
        Command.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        Path launcher = root.resolve("usr/bin/fieldnode");
        Path lib = root.resolve("usr/share/fieldnode/lib");
        Path drivers = Files.createDirectories(root.resolve("drivers.d"));
        Files.setPosixFilePermissions(drivers, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path trusted = emptyJar(drivers.resolve("a-trusted.jar"), "rw-r--r--");
        Path open = emptyJar(drivers.resolve("b-open.jar"), "rw-rw-rw-");
        Map<String, String> env = Map.of("FIELDNODE_LIB", lib.toString(), "FIELDNODE_DRIVERS", drivers.toString());

        Command dry =
                Command.run(List.of("sh", launcher.toString(), "drivers"), Map.of("FIELDNODE_DRY_RUN", "1"), null);
        Command kv = Command.run(List.of("sh", launcher.toString(), "drivers", "--format", "kv"), env, null);

        assertThat(dry.out()).doesNotContain("drivers.d/*").contains("-Dfieldnode.drivers.owners=root");
        assertThat(kv.exitCode()).as(kv.err()).isZero();
        assertThat(kv.err().lines().filter(l -> l.contains("WARN")))
                .singleElement()
                .asString()
                .contains("Driver jar " + open + " not loaded: writable by group or others (mode 666)");
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(kv.out()).contains("jar=" + trusted + " state=loaded sha256=" + sha256(trusted) + "\n");
        }
        assertThat(kv.out()).contains("jar=" + open + " state=refused sha256=" + sha256(open) + " reason=");
    }

    private static Path emptyJar(Path file, String mode) throws IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new java.util.jar.JarEntry("README"));
            out.write("no driver here\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void tarball_holdsLauncherJarsConfigAndUnits_andRunsFromWhereItIsUnpacked(@TempDir Path dir) throws Exception {
        Path tar = TARGET.resolve("fieldnode-0.1.0-SNAPSHOT-node.tar.gz");
        Command list = Command.run(List.of("tar", "-tvzf", tar.toString()));
        assertThat(list.out().lines())
                .anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("fieldnode-0.1.0-SNAPSHOT/bin/fieldnode"))
                .anyMatch(l -> l.endsWith("fieldnode-0.1.0-SNAPSHOT/etc/fieldnode/node.yaml.example"))
                .anyMatch(l -> l.endsWith("fieldnode-0.1.0-SNAPSHOT/systemd/fieldnode.service"))
                .anyMatch(l -> l.endsWith("fieldnode-0.1.0-SNAPSHOT/lib/fieldnode-device-runtime-0.1.0-SNAPSHOT.jar"));

        Command.run(List.of("tar", "-xzf", tar.toAbsolutePath().toString(), "-C", dir.toString()));
        Command version = Command.run(
                List.of(dir.resolve("fieldnode-0.1.0-SNAPSHOT/bin/fieldnode").toString(), "version"));
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("fieldnode version=0.1.0-SNAPSHOT");
    }
}
