// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's update agent on real files (issue 16, SECURITY R24, R25, R27): a release is fetched block by block,
 * checked, unpacked into the inactive slot and switched to as a trial that becomes good only after its health
 * check; a refused release changes nothing; a cut download resumes; a full disk stops the download.
 */
class UpdateAgentTest {
    /** The suite's figures for its closing {@code update:} line. */
    private static final java.util.Map<String, Long> FIGURES = new java.util.concurrent.ConcurrentSkipListMap<>();

    @TempDir
    Path tmp;

    private KeyPair key;
    private Path dataDir;
    private Path packageRelease;
    private Slots slots;
    private final FileReleaseSource source = new FileReleaseSource();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private long freeBytes = Long.MAX_VALUE / 2;

    @BeforeEach
    void setUp() throws IOException {
        key = UpdateKeyFiles.generate(tmp.resolve("update-key"));
        dataDir = Files.createDirectories(tmp.resolve("data"));
        packageRelease = release(tmp.resolve("package"), "0.1.0", 3);
        slots = new Slots(Files.createDirectories(dataDir.resolve("app")), packageRelease);
    }

    @Test
    void r25_aFullRelease_isInstalledAsATrial_andIsGoodOnlyAfterItsHealthCheck() throws Exception {
        Path next = release(tmp.resolve("r1"), "0.2.0", 3);
        source.publish(1, pack(next, null, 0, 1));
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(restarts).hasValue(1);
            assertThat(slots.currentLink()).contains("slots/a");
            assertThat(agent.installed()).isZero();
            assertThat(agent.status()).containsEntry("state", "trial");
        }
        launcherStart();
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            assertThat(agent.startup()).isTrue();
            agent.healthy(UpdateAgent.Health.STARTED);
            agent.healthy(UpdateAgent.Health.SENSORS_OPENED);
            agent.healthy(UpdateAgent.Health.REPORT_ACKNOWLEDGED);
            agent.drain();
            assertThat(agent.installed()).isEqualTo(1);
            assertThat(agent.status()).containsEntry("state", "applied");
            assertThat(agent.queries()).contains("u=1", "us=applied", "ut=1");
        }
        assertThat(Files.readString(slots.active().resolve("VERSION"))).isEqualTo("0.2.0");
        assertThat(slots.trial()).isEmpty();
        assertThat(codes()).containsExactly(SecurityEventCode.UPDATE_APPLIED);
        count("applied", 1);
    }

    /**
     * Between the install and the restart the node still runs, and its next exchange may name a newer release (or the
     * same one again): installing then would overwrite the slot the launcher rolls back to (CI caught this once).
     */
    @Test
    void r25_whileAnInstalledReleaseWaitsForItsRestart_noOtherIsInstalledOverThePreviousSlot() throws Exception {
        installAndConfirm(1, "0.2.0"); // release 1 in slots/a, good
        publish(2, "0.3.0");
        publish(3, "0.4.0");
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(2);
            agent.drain();
            assertThat(restarts).hasValue(2);
            agent.assigned(3);
            agent.assigned(2);
            agent.drain();
            assertThat(restarts).hasValue(2);
        }
        assertInstalledOnceOverSlotA();
    }

    /** A newer assignment while a download runs is queued behind it and must not install over the previous slot. */
    @Test
    void r25_aNewerAssignmentDuringADownload_waitsForTheRestartOfTheFirst() throws Exception {
        installAndConfirm(1, "0.2.0");
        publish(2, "0.3.0");
        publish(3, "0.4.0");
        startAndAssign(2, 3); // 3 queued before release 2 is installed
        assertThat(restarts).hasValue(2);
        assertInstalledOnceOverSlotA();
    }

    /**
     * A trial whose start the launcher did not count (the node was started some other way) blocks updates, and says
     * so in the state the node reports.
     */
    @Test
    void r25_aTrialTheLauncherDidNotCount_blocksUpdatesAndSaysWhy() throws Exception {
        installAndConfirm(1, "0.2.0");
        publish(2, "0.3.0");
        publish(3, "0.4.0");
        startAndAssign(2);
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) { // not through the launcher
            assertThat(agent.startup()).isFalse();
            agent.assigned(3);
            agent.drain();
            assertThat(agent.status())
                    .containsEntry("state", "stopped")
                    .containsEntry("reason", "trial-not-started")
                    .containsEntry("installed", "1");
        }
        assertInstalledOnceOverSlotA();
    }

    /** Release 2 in slots/b on trial with slots/a (release 1) to go back to, untouched, and nothing else installed. */
    private void assertInstalledOnceOverSlotA() throws IOException {
        assertThat(slots.currentLink()).contains("slots/b");
        assertThat(Files.readString(slots.root().resolve("slots/b/VERSION"))).isEqualTo("0.3.0");
        assertThat(Files.readString(slots.root().resolve("slots/a/VERSION"))).isEqualTo("0.2.0");
        assertThat(Slots.sequenceOf(slots.root().resolve("slots/a"))).isEqualTo(1);
        assertThat(KeyValueFile.read(slots.root().resolve(Slots.TRIAL)))
                .containsEntry("previous", "slots/a")
                .containsEntry("sequence", "2");
    }

    /** Publishes a release of three jars as {@code sequence}. */
    private void publish(long sequence, String version) throws Exception {
        source.publish(sequence, pack(release(tmp.resolve("r" + sequence), version, 3), null, 0, sequence));
    }

    /** One start of the agent, not through the launcher, in which {@code sequences} are assigned in that order. */
    private void startAndAssign(long... sequences) throws Exception {
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            for (long sequence : sequences) {
                agent.assigned(sequence);
            }
            agent.drain();
        }
    }

    /** Installs release {@code sequence} (slots/a from the package), counts its start and passes its trial. */
    private void installAndConfirm(long sequence, String version) throws Exception {
        publish(sequence, version);
        startAndAssign(sequence);
        launcherStart();
        confirmTrial();
        assertThat(slots.trial()).isEmpty();
        assertThat(slots.activeSequence()).isEqualTo(sequence);
    }

    /** A failed trial asks for the restart that rolls it back; an assignment meanwhile installs nothing. */
    @Test
    void r25_afterAFailedTrial_anAssignmentWaitsForTheRollback() throws Exception {
        publish(1, "0.2.0");
        publish(2, "0.3.0");
        startAndAssign(1);
        launcherStart();
        try (UpdateAgent agent = agent(Duration.ofMillis(50))) {
            agent.startup();
            for (int i = 0; i < 3000 && restarts.get() < 2; i++) {
                Thread.sleep(10); // waits for the agent's health bound; it measures nothing
            }
            assertThat(restarts).hasValue(2);
            agent.assigned(2);
            agent.drain();
            assertThat(agent.status())
                    .containsEntry("state", "trial")
                    .containsEntry("reason", "health-check-failed:started+sensors-opened+report-acknowledged");
        }
        assertThat(restarts).hasValue(2);
        assertThat(slots.currentLink()).contains("slots/a");
        assertThat(slots.root().resolve("slots/b")).doesNotExist();
    }

    @Test
    void r25_aTrialThatMissesItsHealthCheck_recordsWhyAndRestarts() throws Exception {
        source.publish(1, pack(release(tmp.resolve("r1"), "0.2.0", 3), null, 0, 1));
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
        }
        launcherStart();
        try (UpdateAgent agent = agent(Duration.ofMillis(50))) {
            agent.startup();
            agent.healthy(UpdateAgent.Health.STARTED);
            for (int i = 0; i < 3000 && restarts.get() < 2; i++) {
                Thread.sleep(10); // the health bound is 50 ms; this waits for the agent, it measures nothing
            }
            assertThat(restarts).hasValue(2);
        }
        assertThat(KeyValueFile.read(slots.root().resolve(Slots.TRIAL)))
                .containsEntry("reason", "health-check-failed:sensors-opened+report-acknowledged");
        count("rolled_back", 1); // the launcher's side of it: LauncherSlotsTest
    }

    @Test
    void patchBytes_aOneJarDelta_sendsOnlyThatJar() throws Exception {
        Path full = release(tmp.resolve("r1"), "0.2.0", 12);
        Path patched = copyWithOneJarChanged(full, tmp.resolve("r2"), "0.2.1");
        Path fullFile = pack(full, null, 0, 1);
        Path deltaFile = pack(patched, full, 1, 2);
        source.publish(1, fullFile);
        source.publish(2, deltaFile);
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
        }
        launcherStart();
        confirmTrial();
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(2);
            agent.drain();
        }
        long fullBytes = source.payloadOf(1).length;
        long patchBytes = source.payloadOf(2).length;
        assertThat(patchBytes).isLessThanOrEqualTo(fullBytes / 10); // issue 16: a one-jar patch <= 10 % of the full
        count("full_bytes", fullBytes);
        count("patch_bytes", patchBytes);
        assertThat(slots.currentLink()).contains("slots/b");
        assertThat(ReleaseArchive.files(slots.active()).keySet())
                .isEqualTo(ReleaseArchive.files(patched).keySet());
        for (var e : ReleaseArchive.files(patched).entrySet()) {
            assertThat(slots.active().resolve(e.getKey())).hasSameBinaryContentAs(e.getValue());
        }
    }

    @Test
    void r24_aReleaseSignedWithAnotherKey_isRefusedAndChangesNothing() throws Exception {
        KeyPair other = UpdateKeyFiles.generate(tmp.resolve("other-key"));
        Path file = tmp.resolve("r1.fnu");
        ReleasePacker.pack(release(tmp.resolve("r1"), "0.2.0", 2), null, 0, 1, "0.2.0", other, null, file);
        source.publish(1, file);
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(agent.status()).containsEntry("state", "refused").containsEntry("reason", "unknown-key");
            assertThat(agent.queries()).contains("u=0", "us=refused", "uw=unknown-key");
        }
        assertThat(slots.currentLink()).isEmpty();
        assertThat(source.blocksServed).hasValue(0); // no payload fetched for a refused manifest
        assertThat(restarts).hasValue(0);
        assertThat(codes()).containsExactly(SecurityEventCode.UPDATE_REFUSED);
        count("refused", 1);
    }

    @Test
    void r24_aPayloadWithAnotherDigest_isRefusedAndChangesNothing() throws Exception {
        source.publish(1, pack(release(tmp.resolve("r1"), "0.2.0", 2), null, 0, 1));
        byte[] payload = source.payloadOf(1).clone();
        payload[payload.length / 2] ^= 1;
        source.replacePayload(1, payload);
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(agent.status()).containsEntry("reason", "digest-mismatch");
        }
        assertThat(slots.currentLink()).isEmpty();
        assertThat(Files.list(dataDir.resolve("update/download"))).isEmpty();
        count("refused", 1);
    }

    @Test
    void r27_aDownloadCutByAnOutage_resumesAfterTheLastKeptBlock() throws Exception {
        source.publish(1, pack(release(tmp.resolve("r1"), "0.2.0", 3), null, 0, 1));
        long size = source.payloadOf(1).length;
        source.failAfterBlocks = 100;
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(agent.status()).containsEntry("state", "stopped").containsEntry("reason", "fetch-failed");
        }
        source.failAfterBlocks = Long.MAX_VALUE;
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) { // a restart between the two
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(agent.status()).containsEntry("state", "trial");
        }
        assertThat(source.bytesServed.get()).isLessThan(size + 64L * 1024 + 1024);
        assertThat(UpdateAgent.readState(dataDir)).containsEntry("resumed", "1");
        count("resumed", 1);
    }

    @Test
    void r27_aDiskWithoutRoom_stopsTheDownloadBeforeItStarts() throws Exception {
        source.publish(1, pack(release(tmp.resolve("r1"), "0.2.0", 3), null, 0, 1));
        freeBytes = UpdateAgent.DEFAULT_RESERVE_BYTES;
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            agent.assigned(1);
            agent.drain();
            assertThat(agent.status()).containsEntry("state", "stopped").containsEntry("reason", "disk-full");
        }
        assertThat(source.blocksServed).hasValue(0);
        assertThat(slots.currentLink()).isEmpty();
    }

    /**
     * One line the build log ends the update suite with (issue 16): the outcomes seen and the bytes on the wire for
     * a full release of 12 jars of 48 KiB of random bytes and for a patch of one of them (a synthetic release, not
     * the node's own jars).
     */
    @org.junit.jupiter.api.AfterAll
    static void printSummary() throws IOException {
        String line = "update: applied=" + FIGURES.getOrDefault("applied", 0L) + " rolled_back="
                + FIGURES.getOrDefault("rolled_back", 0L) + " refused=" + FIGURES.getOrDefault("refused", 0L)
                + " resumed=" + FIGURES.getOrDefault("resumed", 0L) + " full_bytes="
                + FIGURES.getOrDefault("full_bytes", 0L) + " patch_bytes=" + FIGURES.getOrDefault("patch_bytes", 0L);
        System.out.println(line);
        // The build's closing lines (examples/demo ReliabilitySummary) print every target/reliability/*.line.
        Path reliability = Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(reliability.resolve("update.line"), line + "\n");
    }

    private static void count(String figure, long n) {
        FIGURES.merge(figure, n, Long::sum);
    }

    private UpdateAgent agent(Duration healthBound) throws IOException {
        UpdateAgent agent = new UpdateAgent(
                dataDir,
                slots,
                key.getPublic(),
                events::add,
                "fieldnode-test",
                restarts::incrementAndGet,
                healthBound,
                () -> freeBytes,
                UpdateAgent.DEFAULT_RESERVE_BYTES,
                Clock.systemUTC());
        agent.source(source);
        return agent;
    }

    /** What the launcher does at a run with a fresh trial: count the start. */
    private void launcherStart() throws IOException {
        Map<String, String> trial = KeyValueFile.read(slots.root().resolve(Slots.TRIAL));
        trial.put("starts", "1");
        KeyValueFile.write(slots.root().resolve(Slots.TRIAL), trial);
    }

    private void confirmTrial() throws Exception {
        try (UpdateAgent agent = agent(Duration.ofMinutes(5))) {
            agent.startup();
            for (UpdateAgent.Health h : UpdateAgent.Health.values()) {
                agent.healthy(h);
            }
            agent.drain();
        }
    }

    private List<SecurityEventCode> codes() {
        return events.stream().map(SecurityEvent::code).toList();
    }

    private Path pack(Path from, Path base, long baseSequence, long sequence) throws IOException {
        Path out = tmp.resolve("release-" + sequence + ".fnu");
        ReleasePacker.pack(
                from, base, baseSequence, sequence, Files.readString(from.resolve("VERSION")), key, null, out);
        return out;
    }

    /** A release directory: {@code jars} jars of 48 KiB of incompressible bytes, a launcher and a version file. */
    static Path release(Path dir, String version, int jars) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("bin"));
        Random random = new Random(jars);
        for (int i = 0; i < jars; i++) {
            byte[] bytes = new byte[48 * 1024];
            random.nextBytes(bytes);
            Files.write(dir.resolve("lib/part-" + i + ".jar"), bytes);
        }
        Files.writeString(dir.resolve("bin/fieldnode"), "#!/bin/sh\necho " + version + "\n");
        Files.writeString(dir.resolve("VERSION"), version);
        return dir;
    }

    static Path copyWithOneJarChanged(Path from, Path to, String version) throws IOException {
        for (var e : ReleaseArchive.files(from).entrySet()) {
            Path target = to.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(e.getValue(), target);
        }
        byte[] changed = new byte[48 * 1024];
        new Random(99).nextBytes(changed);
        Files.write(to.resolve("lib/part-1.jar"), changed);
        Files.writeString(to.resolve("VERSION"), version);
        return to;
    }
}
