// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.TypedReadingSamples;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.postgresql.ClusterCa;
import org.fieldnode.collector.postgresql.ClusterKeys;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.identity.NodeKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code collector migrate}: a SQLite collector with a demo's kind of day (three nodes, temperature, humidity and
 * health readings, a bundle issued, a desired configuration) copied into a real PostgreSQL store; every reading
 * comes back the same from the store, a second run copies nothing, and a reading stored after the first run is
 * copied by the next. The cluster then has the SQLite collector's CA.
 */
@ResourceLock("postgresql")
class MigrateCommandTest {
    private static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    /** Runs {@code collector migrate} and gives its output; fails the test when it does not exit 0. */
    private String migrate(Path data, String url, String credentials) {
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run(
                        "collector",
                        "migrate",
                        "--from",
                        data.toString(),
                        "--to",
                        url,
                        "--store-credentials",
                        credentials))
                .as(cli.err.toString())
                .isZero();
        return cli.out.toString();
    }

    private static String credentials() {
        return System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS");
    }

    /** The old SQLite collector's data directory. */
    private Path village() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve("village"));
    }

    private static List<StoredReading> day(String device, int from, int count) {
        List<StoredReading> readings = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Instant t = T0.plusSeconds(60L * i);
            readings.add(new StoredReading(device, "env0/temperature", 18 + i % 7 * 0.5, "Cel", t, 3L * i));
            readings.add(new StoredReading(device, "env0/humidity", 60 + i % 5, "%RH", t, 3L * i + 1, i < 3));
            readings.add(new StoredReading(device, "health/queued", i % 4, "", t, 3L * i + 2));
        }
        return readings;
    }

    @Test
    void sqliteCollector_roundTripsIntoPostgresql_idempotently() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        String url = location.url();
        String credentials = credentials();
        Path data = village();
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            for (String node : List.of("weather-1", "weather-2", "pump-3")) {
                sqlite.storeNew(node, T0.plusSeconds(3600), day(node, 0, 40));
            }
        }
        config(data, "queue.fsync=per-batch");
        assertThat(cli.run(
                        "collector",
                        "enrolment",
                        "issue",
                        "well-4",
                        "--out",
                        dir.resolve("well-4.txt").toString(),
                        "--allow-loopback",
                        "--collector",
                        "coaps://127.0.0.1:5684",
                        "--data-dir",
                        data.toString()))
                .as(cli.err.toString())
                .isZero();

        assertThat(migrate(data, url, credentials))
                .contains("readings=360 new_readings=360 devices=3 credentials=1")
                .contains("configs=1 ca=copied store_readings=360")
                .contains("copy " + data.resolve("ca").resolve("wrapping.key").toAbsolutePath());

        assertThat(migrate(data, url, credentials))
                .contains("readings=360 new_readings=0")
                .contains("ca=same store_readings=360");

        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            sqlite.storeNew("pump-3", T0.plusSeconds(7200), day("pump-3", 40, 2));
        }
        // The SQLite collector served again meanwhile under another name: its keystore changed, its CA did not.
        CollectorCa.openOrCreate(data, Instant.now()).serverIdentity(List.of("collector.example"), Instant.now());
        assertThat(migrate(data, url, credentials))
                .contains("readings=366 new_readings=6")
                .contains("ca=same store_readings=366");

        try (SqliteReadingStore sqlite = SqliteReadingStore.openReadOnly(data.resolve(SqliteReadingStore.FILE_NAME));
                PostgresReadingStore postgres = PostgresReadingStore.open(location)) {
            assertThat(postgres.all()).isEqualTo(sqlite.all());
            assertThat(postgres.devices()).isEqualTo(sqlite.devices());
            assertThat(postgres.desiredConfigs().status("weather-1"))
                    .isEqualTo(sqlite.desiredConfigs().status("weather-1"));
            try (var records = postgres.enrolmentRecords()) {
                assertThat(records.hasUnusedBundle("well-4")).isTrue();
            }
            Path member = dir.resolve("member");
            ClusterKeys.copy(data, member);
            assertThat(ClusterCa.open(postgres, member, Instant.now()).fingerprint())
                    .as("the cluster's CA is the SQLite collector's")
                    .isEqualTo(CollectorCa.openOrCreate(data, Instant.now()).fingerprint());
        }
    }

    /**
     * The old collector serves on between two runs: a node renews, another is revoked, an unused bundle is revoked,
     * a bundle is used, a configuration is set again. The second run carries all of it; none of it is lost to a
     * "row already held" (a renewed node would be locked out, a revoked one let in, a used bundle enrol twice).
     */
    @Test
    void aSecondRun_carriesRenewalsRevocationsUsedBundlesAndNewConfigurations() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        String url = location.url();
        String credentials = credentials();
        Path data = village();
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            sqlite.storeNew("weather-1", T0.plusSeconds(3600), day("weather-1", 0, 2));
        }
        config(data, "queue.fsync=per-batch");
        CollectorCa ca = CollectorCa.openOrCreate(data, T0);
        NodeId renewed = NodeId.random();
        NodeId revoked = NodeId.random();
        String laterBundle;
        try (EnrolmentRegistry registry = SqliteEnrolmentRecords.openRegistry(data, ca)) {
            enrol(registry, ca, "well-1", renewed);
            enrol(registry, ca, "well-2", revoked);
            registry.issueCredential("well-3", T0, T0.plusSeconds(86_400));
            laterBundle = registry.issueCredential("well-4", T0, T0.plusSeconds(86_400))
                    .identity();
        }
        migrate(data, url, credentials);

        Instant later = T0.plusSeconds(600);
        String renewedSerial;
        try (EnrolmentRegistry registry = SqliteEnrolmentRecords.openRegistry(data, ca)) {
            X509Certificate next = ca.issueNode(NodeKeys.generate().getPublic(), renewed, later);
            BigInteger current =
                    new BigInteger(registry.node(renewed).orElseThrow().serial(), 16);
            assertThat(registry.recordRenewal(renewed, current, next, later)).isTrue();
            renewedSerial = next.getSerialNumber().toString(16);
            registry.revoke("well-2", later);
            registry.revoke("well-3", later);
            NodeId fourth = NodeId.random();
            assertThat(registry.completeEnrolment(
                            laterBundle,
                            fourth,
                            ca.issueNode(NodeKeys.generate().getPublic(), fourth, later),
                            later))
                    .isTrue();
        }
        config(data, "queue.fsync=per-record");

        migrate(data, url, credentials);
        migrate(data, url, credentials); // and once more: nothing changes

        try (SqliteReadingStore sqlite = SqliteReadingStore.openReadOnly(data.resolve(SqliteReadingStore.FILE_NAME));
                PostgresReadingStore postgres = PostgresReadingStore.open(location);
                var records = postgres.enrolmentRecords();
                EnrolmentRegistry old = SqliteEnrolmentRecords.openRegistry(data, ca)) {
            assertThat(postgres.desiredConfigs().status("weather-1"))
                    .isEqualTo(sqlite.desiredConfigs().status("weather-1"));
            assertThat(records.node(renewed).orElseThrow().serial()).isEqualTo(renewedSerial);
            assertThat(records.node(revoked).orElseThrow().isRevoked()).isTrue();
            assertThat(records.hasUnusedBundle("well-3")).isFalse();
            assertThat(records.hasUnusedBundle("well-4")).isFalse();
            assertThat(records.nodes()).hasSameElementsAs(old.nodes());
            assertThat(records.credentials()).hasSameElementsAs(old.credentials());
        }
    }

    private void config(Path data, String entry) {
        assertThat(cli.run("collector", "config", "set", "--data-dir", data.toString(), "weather-1", entry))
                .as(cli.err.toString())
                .isZero();
    }

    private static void enrol(EnrolmentRegistry registry, CollectorCa ca, String device, NodeId node) throws Exception {
        String bundle =
                registry.issueCredential(device, T0, T0.plusSeconds(86_400)).identity();
        assertThat(registry.completeEnrolment(
                        bundle, node, ca.issueNode(NodeKeys.generate().getPublic(), node, T0), T0))
                .isTrue();
    }

    @Test
    void typedReadings_nullSequences_andUpdateReports_roundTrip() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        String credentials = credentials();
        Path data = java.nio.file.Files.createDirectories(dir.resolve("typed"));
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            sqlite.storeNew("n1", TypedReadingSamples.RECEIVED, TypedReadingSamples.everyType(0));
            sqlite.storeNew(
                    "n1", TypedReadingSamples.RECEIVED, TypedReadingSamples.everyType(StoredReading.NO_SEQUENCE));
            sqlite.deviceUpdates().reported("n1", new UpdateReports.Reported(3, "trial", 4, 4096, ""), T0);
        }
        assertThat(migrate(data, location.url(), credentials))
                .contains("readings=12 new_readings=12")
                .contains("store_readings=12 updates=1");
        assertThat(migrate(data, location.url(), credentials))
                .contains("readings=12 new_readings=0")
                .contains("store_readings=12 updates=1");
        try (SqliteReadingStore sqlite = SqliteReadingStore.openReadOnly(data.resolve(SqliteReadingStore.FILE_NAME));
                PostgresReadingStore postgres = PostgresReadingStore.open(location)) {
            // Readings of one device at one time without a sequence come in no particular order.
            assertThat(postgres.all()).containsExactlyInAnyOrderElementsOf(sqlite.all());
            assertThat(postgres.all()).filteredOn(r -> !r.sequenced()).hasSize(6);
            assertThat(postgres.deviceUpdates().all())
                    .isEqualTo(sqlite.deviceUpdates().all());
            // The copied digests still tell a retransmission from a conflict.
            assertThat(postgres.storeNew(
                            "n1",
                            TypedReadingSamples.RECEIVED,
                            TypedReadingSamples.everyType(StoredReading.NO_SEQUENCE)))
                    .isEmpty();
        }
    }

    @Test
    void aStringWithANulAnEarlierCollectorAccepted_isCopiedWithAReplacementCharacter_andCounted() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Path data = java.nio.file.Files.createDirectories(dir.resolve("nul"));
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            sqlite.storeNew(
                    "n1",
                    TypedReadingSamples.RECEIVED,
                    List.of(TypedReadingSamples.typed(
                            "pump/state", "", 7, new SenmlValue.Text("run\u0000ning"), null, SenmlTimeQuality.SYNCED)));
        }

        assertThat(migrate(data, location.url(), credentials()))
                .contains("readings=1 new_readings=1")
                .contains("altered_text=1");

        try (PostgresReadingStore postgres = PostgresReadingStore.open(location)) {
            assertThat(postgres.all())
                    .singleElement()
                    .satisfies(r -> assertThat(r.typed()).isEqualTo(new SenmlValue.Text("run\uFFFDning")));
            // Its digest covered the old text, so none is kept: other content under its sequence is a conflict
            // (4.09), not a damaged row.
            assertThatThrownBy(() -> postgres.storeNew(
                            "n1",
                            TypedReadingSamples.RECEIVED,
                            List.of(TypedReadingSamples.typed(
                                    "pump/state",
                                    "",
                                    7,
                                    new SenmlValue.Text("stopped"),
                                    null,
                                    SenmlTimeQuality.SYNCED))))
                    .isInstanceOf(SequenceConflictException.class);
        }
        assertThat(migrate(data, location.url(), credentials()))
                .contains("new_readings=0 ")
                .contains("altered_text=0");
    }

    @Test
    void aNulWhereItWouldChangeAKey_refusesTheCopy_andSaysWhere() throws Exception {
        TestDatabase.empty();
        Path data = java.nio.file.Files.createDirectories(dir.resolve("nul-unit"));
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME))) {
            sqlite.storeNew(
                    "n1",
                    TypedReadingSamples.RECEIVED,
                    List.of(TypedReadingSamples.typed(
                            "tank/level", "m\u0000", 1, new SenmlValue.Numeric(1), null, SenmlTimeQuality.SYNCED)));
        }

        assertThat(cli.run(
                        "collector",
                        "migrate",
                        "--from",
                        data.toString(),
                        "--to",
                        TestDatabase.location().url(),
                        "--store-credentials",
                        credentials()))
                .isEqualTo(1);
        assertThat(cli.err.toString())
                .contains("readings.unit holds a NUL character")
                .contains("the row whose device is n1")
                .contains("run it again");
    }
}
