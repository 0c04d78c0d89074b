// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.fieldnode.runtime.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SECURITY R34: first boot runs as root and never follows a symbolic link. A link is planted at every path the step
 * writes — its directories, each file, each temporary name, the staging directory, the boot partition's files — and
 * pointed at a file standing for {@code /etc/shadow}: the step refuses with one line naming the link, and the file
 * keeps its bytes, mode, owner and time. As root (CI) the service user is another user ({@code nobody}), so the
 * files really change owner; as another user that part is skipped (chown to someone else needs root).
 */
class FirstbootSymlinkTest {
    private static final String BUNDLE = "format=fieldnode-bundle/1\ncollector=coaps://collector.village.example:5684\n"
            + "psk.identity=enrol-0001\npsk.key=00112233445566778899aabbccddeeff\nca.sha256=" + "ab".repeat(32) + "\n";
    private static final String KIT = """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 60s }
            """;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;

    private Path boot;
    private Path data;
    private Path config;
    private Path victim;
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280"));

    @BeforeEach
    void layout() throws Exception {
        boot = Files.createDirectories(tmp.resolve("boot/firmware/fieldnode"));
        data = tmp.resolve("var/lib/fieldnode");
        config = tmp.resolve("etc/fieldnode");
        victim =
                Files.writeString(Files.createDirectories(tmp.resolve("victim")).resolve("shadow"), "root:$6$x:1:0\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(victim, FileTime.fromMillis(1_000_000_000_000L));
    }

    /** The service user: another user when this runs as root, so ownership really changes; else none. */
    private static Optional<String> serviceUser() {
        return ROOT ? Optional.of("nobody:nogroup") : Optional.empty();
    }

    private Firstboot.Settings settings() {
        return new Firstboot.Settings(boot, data, config, config.resolve("wrapping.key"), serviceUser());
    }

    private void cardWithBundleAndProfile() throws Exception {
        Files.writeString(boot.resolve("fieldnode-bundle.txt"), BUNDLE);
        Files.writeString(boot.resolve("node.yaml"), KIT);
    }

    /** Paths below the temporary root, each planted as a link in turn. */
    static Stream<String> writtenPaths() {
        return Stream.of(
                "etc/fieldnode",
                "etc/fieldnode/node.yaml",
                "etc/fieldnode/node.yaml.tmp",
                "etc/fieldnode/node.yaml.previous",
                "etc/fieldnode/node.yaml.previous.tmp",
                "etc/fieldnode/wrapping.key",
                "etc/fieldnode/wrapping.key.tmp",
                "var/lib/fieldnode",
                "var/lib/fieldnode/fieldnode-bundle.txt",
                "var/lib/fieldnode/fieldnode-bundle.txt.tmp",
                "var/lib/fieldnode/" + PrivilegedDirectory.STAGING,
                "boot/firmware/fieldnode/node.yaml",
                "boot/firmware/fieldnode/fieldnode-bundle.txt",
                "boot/firmware/fieldnode/site-kit.yaml");
    }

    @ParameterizedTest
    @MethodSource("writtenPaths")
    void linkAtAnyPathTheStepWrites_isRefusedWithOneLine_andItsTargetIsUntouched(String planted) throws Exception {
        // A node that booted once already (so .previous and an existing wrapping key are exercised), and a new card.
        Files.writeString(boot.resolve("node.yaml"), KIT);
        Firstboot.run(settings(), loader);
        Files.createDirectories(data);
        cardWithBundleAndProfile();
        Path link = tmp.resolve(planted);
        Path target = victim;
        if (planted.equals("etc/fieldnode") || planted.equals("var/lib/fieldnode")) {
            target = victim.getParent();
            deleteTree(link);
        } else {
            Files.deleteIfExists(link);
            Files.createDirectories(link.getParent());
        }
        if (planted.endsWith("wrapping.key.tmp") || planted.endsWith("wrapping.key")) {
            Files.deleteIfExists(config.resolve("wrapping.key"));
        }
        Files.createSymbolicLink(link, target);
        Snapshot before = Snapshot.of(victim);

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(), loader));

        assertThat(e).as("first boot went ahead through %s", planted).isNotNull();
        assertThat(e.lines())
                .singleElement()
                .asString()
                .startsWith(link + " is a symbolic link; a privileged step never writes through one (SECURITY R34)");
        assertThat(Snapshot.of(victim)).isEqualTo(before);
        try (Stream<Path> beside = Files.list(victim.getParent())) {
            assertThat(beside).containsExactly(victim);
        }
        assertThat(boot.resolve("fieldnode-bundle.txt"))
                .as("the card is kept for the next boot")
                .exists();
        assertThat(data.resolve("fieldnode-bundle.txt"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(),
                        p -> assertThat(Files.isSymbolicLink(p)).isTrue());
    }

    @Test
    void configDirectoryWritableByOthers_isRefused() throws Exception {
        cardWithBundleAndProfile();
        Files.createDirectories(config);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxrwxrwx"));

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(), loader));

        assertThat(e.lines())
                .containsExactly(config + " is writable by other users (mode 777); a privileged step never writes where"
                        + " another user can (SECURITY R34): chmod go-w " + config);
        assertThat(config).isEmptyDirectory();
    }

    /** As root: the bundle, the data directory and the wrapping key change owner, through the staging directory. */
    @Test
    void asRoot_filesForTheServiceUser_areMadeInARootOnlyStagingDirectory_andRenamedIn() throws Exception {
        assumeTrue(ROOT, "chown to another user needs root (CI runs as root); skipped here");
        cardWithBundleAndProfile();

        Firstboot.run(settings(), loader);

        Path bundle = data.resolve("fieldnode-bundle.txt");
        assertThat(Files.getOwner(bundle).getName()).isEqualTo("nobody");
        assertThat(Files.getOwner(data).getName()).isEqualTo("nobody");
        assertThat(Files.getOwner(config.resolve("wrapping.key")).getName()).isEqualTo("nobody");
        assertThat(Files.getOwner(config.resolve("node.yaml")).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(bundle)).isEqualTo(BUNDLE);
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("fieldnode-bundle.txt");
        }
    }

    /** A staging directory the service user made itself (to swap files in it) is refused, not used. */
    @Test
    void asRoot_stagingDirectoryOfTheServiceUser_isRefused() throws Exception {
        assumeTrue(ROOT, "a directory of another user needs root to make (CI runs as root); skipped here");
        cardWithBundleAndProfile();
        Path staging = Files.createDirectories(data.resolve(PrivilegedDirectory.STAGING));
        Files.setOwner(
                staging, staging.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Files.setOwner(
                data, staging.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(), loader));

        assertThat(e.lines()).singleElement().asString().startsWith(staging + " belongs to nobody");
        assertThat(data.resolve("fieldnode-bundle.txt")).doesNotExist();
    }

    private record Snapshot(String text, String mode, Object owner, FileTime modified) {
        static Snapshot of(Path file) throws Exception {
            Map<String, Object> a =
                    Files.readAttributes(file, "unix:uid,mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            return new Snapshot(
                    Files.readString(file), Integer.toOctalString((Integer) a.get("mode")), a.get("uid"), (FileTime)
                            a.get("lastModifiedTime"));
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p :
                    all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
