// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.SignedManifest;
import org.fieldnode.protocol.update.UpdateKeys;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fieldnode collector update publish|assign|list} and the update columns of {@code collector devices}, on
 * real files and a real SQLite store (issue 16).
 */
class UpdateCliTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final KeyPair KEY = UpdateKeys.generate(new SecureRandom());

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void heard() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.storeNew("n1", T0, List.of(new StoredReading("n1", "env0/temperature", 21.5, "Cel", T0, 1)));
            store.storeNew("n2", T0, List.of(new StoredReading("n2", "env0/temperature", 20.5, "Cel", T0, 1)));
        }
    }

    @Test
    void publish_thenAssignOneNode_thenTheFleet_ridesTheDesiredConfiguration() throws Exception {
        String data = dir.toString();
        Path release = release(3, new byte[5000]);
        assertThat(run("collector", "update", "publish", "--data-dir", data, release.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo("release: sequence=3 version=0.3.0 kind=full base=- bytes=5000\n");
        assertThat(run("collector", "update", "list", "--data-dir", data)).isZero();
        assertThat(out.toString()).endsWith("releases: count=1\n");

        assertThat(run("collector", "update", "assign", "--data-dir", data, "n1", "3"))
                .isZero();
        assertThat(out.toString()).isEqualTo("assign: devices=1 sequence=3\n");
        assertThat(run("collector", "update", "assign", "--data-dir", data, "--all", "3"))
                .isZero();
        assertThat(out.toString()).isEqualTo("assign: devices=2 sequence=3\n");
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            assertThat(store.desiredConfigs()
                            .status("n2")
                            .orElseThrow()
                            .desired()
                            .orElseThrow()
                            .entries())
                    .containsEntry(DesiredConfigCodec.UPDATE_SEQUENCE, "3");
        }
        assertThat(Files.readString(dir.resolve("security-events.log"))).contains("update.sequence=3");
    }

    @Test
    void assign_ofAReleaseNotPublished_isAUsageError() {
        assertThat(run("collector", "update", "assign", "--data-dir", dir.toString(), "n1", "9"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector update assign: release 9 is not published: fieldnode collector"
                        + " update publish FILE first\n");
    }

    /**
     * An enrolled node reports under its node id, but the integrator knows it by the device name of its bundle: assign
     * takes either, as config set does; a name nobody enrolled under is a usage error that says so.
     */
    @Test
    void assign_byTheDeviceNameOfAnEnrolledNode_reachesItsNodeId() throws Exception {
        NodeId enrolled = NodeId.random();
        CollectorCa ca = CollectorCa.openOrCreate(dir, T0);
        try (EnrolmentRegistry registry = SqliteEnrolmentRecords.openRegistry(dir, ca)) {
            String identity = registry.issueCredential("weather-07", T0, T0.plusSeconds(3600))
                    .identity();
            registry.completeEnrolment(
                    identity, enrolled, ca.issueNode(NodeKeys.generate().getPublic(), enrolled, T0), T0);
        }
        String data = dir.toString();
        assertThat(run(
                        "collector",
                        "update",
                        "publish",
                        "--data-dir",
                        data,
                        release(3, new byte[700]).toString()))
                .as(err.toString())
                .isZero();

        assertThat(run("collector", "update", "assign", "--data-dir", data, "weather-07", "3"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).isEqualTo("assign: devices=1 sequence=3\n");
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            assertThat(store.desiredConfigs()
                            .status(enrolled.value())
                            .orElseThrow()
                            .desired()
                            .orElseThrow()
                            .entries())
                    .containsEntry(DesiredConfigCodec.UPDATE_SEQUENCE, "3");
            assertThat(store.desiredConfigs().status("weather-07")).isEmpty();
        }

        assertThat(run("collector", "update", "assign", "--data-dir", data, "weather-99", "3"))
                .isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("fieldnode collector update assign: unknown device 'weather-99': the collector has not"
                        + " heard it and no node enrolled under that name\n");
    }

    @Test
    void publish_ofAFileWhosePayloadWasDamaged_isRefused() throws Exception {
        Path release = release(4, new byte[3000]);
        byte[] bytes = Files.readAllBytes(release);
        bytes[bytes.length - 10] ^= 1;
        Files.write(release, bytes);
        assertThat(run("collector", "update", "publish", "--data-dir", dir.toString(), release.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("the payload does not match its manifest");
        assertThat(dir.resolve("releases/4.manifest")).doesNotExist();
    }

    @Test
    void devices_showsTheReleaseEachNodeRunsAndItsUpdateState() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            store.deviceUpdates()
                    .reported(
                            "n1",
                            UpdateReports.read(java.util.Map.of(
                                            "u", "2", "us", "rolled_back", "ut", "3", "uw", "health-check-failed"))
                                    .orElseThrow(),
                            T0);
        }
        assertThat(run("collector", "devices", "--data-dir", dir.toString(), "--format", "kv"))
                .isZero();
        assertThat(out.toString())
                .contains("release=2 update=rolled_back:3(health-check-failed)")
                .contains("device=n2 ")
                .contains("release=- update=-");
        assertThat(run("collector", "devices", "--data-dir", dir.toString())).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).contains("RELEASE", "UPDATE");
    }

    private Path release(long sequence, byte[] payload) throws Exception {
        new SecureRandom().nextBytes(payload);
        ReleaseManifest m = new ReleaseManifest(
                "fieldnode-node",
                sequence,
                "0." + sequence + ".0",
                MessageDigest.getInstance("SHA-256").digest(payload),
                payload.length,
                OptionalLong.empty(),
                Optional.empty());
        Path file = dir.resolve("release-" + sequence + ".fnu");
        try (OutputStream o = Files.newOutputStream(file)) {
            ReleaseFile.writeHeader(o, SignedManifest.sign(m, KEY.getPrivate(), KEY.getPublic()));
            o.write(payload);
        }
        return file;
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
