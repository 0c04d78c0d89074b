// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R25: the launcher, the part updates never replace, chooses the release that runs. The real script runs
 * under {@code sh} in dry-run mode on real files: a trial is counted at its first start and rolled back at the next
 * when it never passed its health check; a trial left from a cut before the switch is dropped; with no trial in
 * progress the higher release sequence of the package's and the current slot's runs (an apt upgrade still works).
 */
class LauncherSlotsTest {
    @TempDir
    Path root;

    private Path launcher;
    private Path slots;

    @BeforeEach
    void setUp() throws IOException {
        String script = Files.readString(Path.of("src/launcher/fieldnode.sh"))
                .replace("@FIELDNODE_NAME@", "fieldnode")
                .replace("@FIELDNODE_LIB@", root.resolve("package/lib").toString())
                .replace("@FIELDNODE_DEFAULTS@", root.resolve("no-defaults").toString())
                .replace("@FIELDNODE_MAIN@", "org.fieldnode.runtime.cli.Main");
        launcher = root.resolve("bin/fieldnode");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, script);
        jar(root.resolve("package/lib"));
        slots = Files.createDirectories(root.resolve("app"));
        jar(slots.resolve("slots/a/lib"));
        jar(slots.resolve("slots/b/lib"));
    }

    @Test
    void withoutSlots_thePackagesReleaseRuns() throws Exception {
        assertThat(run("run")).contains(root.resolve("package/lib") + "/*");
    }

    @Test
    void r25_aTrialIsCountedAtItsFirstStart_andRolledBackAtTheNext() throws Exception {
        link("slots/b");
        trial("slot=slots/b", "previous=slots/a", "sequence=7", "starts=0");
        assertThat(run("status")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
        assertThat(Files.readString(slots.resolve("trial"))).contains("starts=0"); // only a run counts
        assertThat(run("run")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
        assertThat(Files.readString(slots.resolve("trial"))).contains("starts=1");

        assertThat(run("run")).contains(slots.resolve("slots/a/lib").toRealPath() + "/*");
        assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/a");
        assertThat(slots.resolve("trial")).doesNotExist();
        assertThat(Files.readAllLines(slots.resolve("rolled-back")))
                .containsExactly("sequence=7", "reason=trial-did-not-pass-health-check");
    }

    @Test
    void r25_aFailedHealthCheck_isTheRollbackReason_andThePackagesReleaseCanBeThePrevious() throws Exception {
        link("slots/a");
        trial(
                "slot=slots/a",
                "previous=package",
                "sequence=1",
                "starts=1",
                "reason=health-check-failed:sensors-opened");
        assertThat(run("run")).contains(root.resolve("package/lib") + "/*");
        assertThat(slots.resolve("current")).doesNotExist();
        assertThat(Files.readAllLines(slots.resolve("rolled-back")))
                .containsExactly("sequence=1", "reason=health-check-failed:sensors-opened");
    }

    @Test
    void r25_aTrialLeftFromACutBeforeTheSwitch_isDropped() throws Exception {
        link("slots/a");
        trial("slot=slots/b", "previous=slots/a", "sequence=3", "starts=0");
        assertThat(run("run")).contains(slots.resolve("slots/a/lib").toRealPath() + "/*");
        assertThat(slots.resolve("trial")).doesNotExist();
        assertThat(slots.resolve("rolled-back")).doesNotExist();
    }

    @Test
    void anAptUpgradeNewerThanTheSlot_runsThePackagesRelease_andDropsCurrent() throws Exception {
        release(root.resolve("package"), 9);
        release(slots.resolve("slots/a"), 7);
        link("slots/a");
        assertThat(run("run")).contains(root.resolve("package/lib") + "/*");
        assertThat(slots.resolve("current")).doesNotExist();
        assertThat(slots.resolve("slots/a/lib")).isDirectory(); // the slot stays for the next update
        assertThat(slots.resolve("rolled-back")).doesNotExist();
    }

    @Test
    void aSlotNewerThanThePackage_orAPackageWithoutSequence_keepsRunningTheSlot() throws Exception {
        release(slots.resolve("slots/b"), 12);
        link("slots/b");
        assertThat(run("run")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*"); // package: no sequence
        release(root.resolve("package"), 11);
        assertThat(run("run")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
        release(root.resolve("package"), 12); // the same release: no churn
        assertThat(run("run")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
        assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/b");
    }

    @Test
    void anAptUpgradeDuringATrial_leavesTheTrialAlone() throws Exception {
        release(root.resolve("package"), 20);
        release(slots.resolve("slots/b"), 8);
        link("slots/b");
        trial("slot=slots/b", "previous=slots/a", "sequence=8", "starts=0");
        assertThat(run("run")).contains(slots.resolve("slots/b/lib").toRealPath() + "/*");
        assertThat(Files.readString(slots.resolve("trial"))).contains("starts=1");
        assertThat(Files.readSymbolicLink(slots.resolve("current"))).hasToString("slots/b");

        Files.delete(slots.resolve("trial")); // the trial passed its health check; the package is newer still
        assertThat(run("run")).contains(root.resolve("package/lib") + "/*");
        assertThat(slots.resolve("current")).doesNotExist();
    }

    private String run(String command) throws Exception {
        Command result = Command.run(
                List.of("sh", launcher.toString(), command),
                Map.of(
                        "FIELDNODE_DRY_RUN", "1",
                        "FIELDNODE_SLOTS", slots.toString(),
                        "FIELDNODE_JAVA_HOME", System.getProperty("java.home")),
                null);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.out();
    }

    private void link(String slot) throws IOException {
        Files.deleteIfExists(slots.resolve("current"));
        Files.createSymbolicLink(slots.resolve("current"), Path.of(slot));
    }

    private void trial(String... lines) throws IOException {
        Files.write(slots.resolve("trial"), List.of(lines));
    }

    /** The release file {@code Slots} writes in a slot and the package build in {@code /usr/share/fieldnode}. */
    private static void release(Path dir, long sequence) throws IOException {
        Files.write(dir.resolve(".fieldnode-release"), List.of("sequence=" + sequence, "version=0.1." + sequence));
    }

    private static void jar(Path lib) throws IOException {
        Files.createDirectories(lib);
        Files.write(lib.resolve("fieldnode-device-runtime-0.1.0.jar"), new byte[] {0x50, 0x4b, 5, 6});
    }
}
