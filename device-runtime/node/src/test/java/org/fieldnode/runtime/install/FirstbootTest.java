// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.runtime.config.ProfileLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First boot on temporary directories standing for the FAT boot partition, /etc/fieldnode and /var/lib/fieldnode. */
class FirstbootTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    private static final String BUNDLE = "format=fieldnode-bundle/1\ncollector=coaps://collector.village.example:5684\n"
            + "psk.identity=enrol-0001\npsk.key=" + KEY_HEX + "\nca.sha256=" + "ab".repeat(32) + "\n";
    private static final String KIT = """
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 60s }
            """;
    private static final String OVERLAY = """
            extends: site-kit.yaml
            node: { name: weather-07 }
            sensors: { env0: { interval: 30s } }
            """;

    @TempDir
    Path tmp;

    private Path boot;
    private Path data;
    private Path config;
    private final ProfileLoader loader = new ProfileLoader(Set.of("bosch,bme280"));
    private final Optional<String> me = Optional.of(System.getProperty("user.name"));

    @BeforeEach
    void layout() throws Exception {
        boot = Files.createDirectories(tmp.resolve("boot/firmware/fieldnode"));
        data = tmp.resolve("var/lib/fieldnode");
        config = tmp.resolve("etc/fieldnode");
    }

    private Firstboot.Settings settings(Optional<String> owner) {
        return new Firstboot.Settings(boot, data, config, config.resolve("wrapping.key"), owner);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void bundleAndProfile_moveIntoPlace_withModes_andLeaveTheBootPartition() throws Exception {
        Files.writeString(boot.resolve("fieldnode-bundle.txt"), BUNDLE);
        Files.writeString(boot.resolve("node.yaml"), OVERLAY);
        Files.writeString(boot.resolve("site-kit.yaml"), KIT);

        Firstboot.Result result = Firstboot.run(settings(me), loader);

        Path bundle = data.resolve("fieldnode-bundle.txt");
        assertThat(result.installed())
                .containsExactly(config.resolve("node.yaml"), config.resolve("site-kit.yaml"), bundle);
        assertThat(Files.readString(bundle)).isEqualTo(BUNDLE);
        assertThat(mode(bundle)).isEqualTo("rw-------");
        assertThat(Files.getOwner(bundle).getName()).isEqualTo(me.get());
        assertThat(mode(data)).isEqualTo("rwxr-x---");
        assertThat(mode(config.resolve("node.yaml"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(config.resolve("node.yaml"))).isEqualTo(OVERLAY);
        // the installed overlay still resolves its kit next to it
        assertThat(loader.loadFile(config.resolve("node.yaml")).node().name()).contains("weather-07");
        assertThat(result.wrappingKeyCreated()).isTrue();
        assertThat(Files.size(config.resolve("wrapping.key"))).isEqualTo(32);
        assertThat(mode(config.resolve("wrapping.key"))).isEqualTo("rw-------");
        try (var left = Files.list(boot)) {
            assertThat(left).isEmpty();
        }
        assertThat(result.removed()).hasSize(3);
        try (var temporaries = Files.list(data)) {
            assertThat(temporaries.map(p -> p.getFileName().toString())).containsExactly("fieldnode-bundle.txt");
        }
    }

    @Test
    void secondBoot_hasNothingToDo_andKeepsTheWrappingKey() throws Exception {
        Files.writeString(boot.resolve("node.yaml"), KIT);
        Firstboot.run(settings(me), loader);
        byte[] key = Files.readAllBytes(config.resolve("wrapping.key"));

        Firstboot.Result again = Firstboot.run(settings(me), loader);

        assertThat(again.installed()).isEmpty();
        assertThat(again.removed()).isEmpty();
        assertThat(again.wrappingKeyCreated()).isFalse();
        assertThat(Files.readAllBytes(config.resolve("wrapping.key"))).isEqualTo(key);
    }

    @Test
    void newProfileOnALaterBoot_replacesTheOld_keepingItAsPrevious() throws Exception {
        Files.writeString(boot.resolve("node.yaml"), KIT);
        Firstboot.run(settings(me), loader);
        String replaced = KIT.replace("60s", "5m");
        Files.writeString(boot.resolve("node.yaml"), replaced);

        Firstboot.run(settings(me), loader);

        assertThat(Files.readString(config.resolve("node.yaml"))).isEqualTo(replaced);
        assertThat(Files.readString(config.resolve("node.yaml.previous"))).isEqualTo(KIT);
    }

    @Test
    void badBundle_movesNothing_andNeverPrintsTheKey() throws Exception {
        Files.writeString(boot.resolve("fieldnode-bundle.txt"), BUNDLE.replace("coaps://", "coap://"));
        Files.writeString(boot.resolve("node.yaml"), KIT);

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(me), loader));

        assertThat(e.lines()).hasSize(2);
        assertThat(e.lines().get(0)).contains("fieldnode-bundle.txt:2: collector");
        assertThat(e.lines().get(1)).isEqualTo("nothing was moved: fix the files on the boot partition and boot again");
        assertThat(e.getMessage()).doesNotContain(KEY_HEX);
        assertThat(boot.resolve("fieldnode-bundle.txt")).exists();
        assertThat(boot.resolve("node.yaml")).exists();
        assertThat(config).doesNotExist();
        assertThat(data).doesNotExist();
    }

    @Test
    void badProfile_isReportedWithItsLocation_andMovesNothing() throws Exception {
        Files.writeString(boot.resolve("fieldnode-bundle.txt"), BUNDLE);
        Files.writeString(boot.resolve("node.yaml"), "extends: site-kit.yaml\nsensors: { env9: { interval: 30s } }\n");
        Files.writeString(boot.resolve("site-kit.yaml"), KIT);

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(me), loader));

        assertThat(e.lines().get(0))
                .isEqualTo(boot.resolve("node.yaml") + ":2:12: sensors.env9: no sensor 'env9' in site-kit.yaml, did you"
                        + " mean env0? (the kit has env0)");
        assertThat(boot.resolve("fieldnode-bundle.txt")).exists();
    }

    @Test
    void yamlWithoutNodeYaml_isExplained() throws Exception {
        Files.writeString(boot.resolve("weather.yaml"), KIT);

        Firstboot.FirstbootException e =
                catchThrowableOfType(Firstboot.FirstbootException.class, () -> Firstboot.run(settings(me), loader));

        assertThat(e.lines().get(0))
                .endsWith("node.yaml: missing; the profile choice must be named node.yaml (found" + " [weather.yaml])");
    }

    @Test
    void missingServiceUser_isAUserError() throws Exception {
        Files.writeString(boot.resolve("node.yaml"), KIT);

        Firstboot.FirstbootException e = catchThrowableOfType(
                Firstboot.FirstbootException.class,
                () -> Firstboot.run(settings(Optional.of("no-such-user-fieldnode")), loader));

        assertThat(e.lines())
                .containsExactly("no user or group 'no-such-user-fieldnode': the fieldnode package's"
                        + " postinst creates them; reinstall it (or give --owner)");
        assertThat(boot.resolve("node.yaml")).exists();
    }

    @Test
    void noBootDirectory_onlyMakesSureOfTheWrappingKey() throws Exception {
        Files.delete(boot);

        Firstboot.Result result = Firstboot.run(settings(Optional.empty()), loader);

        assertThat(result.installed()).isEmpty();
        assertThat(result.wrappingKeyCreated()).isTrue();
    }
}
