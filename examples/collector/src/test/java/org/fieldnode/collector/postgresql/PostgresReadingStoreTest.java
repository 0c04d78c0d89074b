// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldnode.collector.ConfigReport;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.ReadingContent;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoreIntegrityException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.TypedReadingSamples;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;
import org.fieldnode.protocol.update.UpdateReports;
import org.fieldnode.security.identity.NodeId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The PostgreSQL store on a real server ({@link TestDatabase}): the store rules of the SQLite store (exactly once
 * per (device, sequence), SECURITY R28's conflict rule, group commit, retention, export order, devices and health,
 * desired configurations, the enrolment registry), what two members sharing the database see, and the read-only
 * view for Grafana.
 */
@ResourceLock("postgresql")
class PostgresReadingStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:05:00Z");

    private PostgresLocation location;

    @BeforeEach
    void emptyDatabase() throws Exception {
        location = TestDatabase.empty();
    }

    private static StoredReading reading(String device, long sequence, double value) {
        return new StoredReading(device, "env0/temperature", value, "Cel", T0.plusSeconds(sequence), sequence);
    }

    @Test
    void retransmissionIsStoredOnce_otherContentIsAConflictThatStoresNothingOfItsBatch() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            assertThat(store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 20.0), reading("n1", 1, 20.5))))
                    .hasSize(2);
            assertThat(store.storeNew("n1", RECEIVED, List.of(reading("n1", 1, 20.5), reading("n1", 2, 21.0))))
                    .containsExactly(reading("n1", 2, 21.0));
            assertThatThrownBy(() ->
                            store.storeNew("n1", RECEIVED, List.of(reading("n1", 1, 99.0), reading("n1", 3, 22.0))))
                    .isInstanceOfSatisfying(
                            SequenceConflictException.class,
                            e -> assertThat(e.sequence()).isEqualTo(1));
            assertThat(store.all())
                    .extracting(StoredReading::sequence, StoredReading::value)
                    .containsExactly(tuple(0L, 20.0), tuple(1L, 20.5), tuple(2L, 21.0));
        }
    }

    @Test
    void unsynchronisedTimeCorrectedLater_isARetransmission() throws Exception {
        StoredReading unsynced = new StoredReading("n1", "env0/temperature", 20, "Cel", T0, 5, true);
        StoredReading corrected = new StoredReading("n1", "env0/temperature", 20, "Cel", T0.plusSeconds(3600), 5);
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew("n1", RECEIVED, List.of(unsynced));
            assertThat(store.storeNew("n1", RECEIVED, List.of(corrected))).isEmpty();
            assertThat(store.all()).containsExactly(unsynced);
        }
    }

    @Test
    void group_storesEachBatchOnItsOwn_theConflictingOneNotAtAll() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew("n2", RECEIVED, List.of(reading("n2", 7, 1.0)));
            List<GroupOutcome> outcomes = store.storeGroup(List.of(
                    new IncomingBatch("n1", RECEIVED, List.of(reading("n1", 0, 1.0), reading("n1", 1, 2.0))),
                    new IncomingBatch("n2", RECEIVED, List.of(reading("n2", 6, 1.0), reading("n2", 7, 5.0))),
                    new IncomingBatch("n3", RECEIVED, List.of(reading("n3", 0, 3.0)))));
            assertThat(outcomes.get(0)).isInstanceOf(GroupOutcome.Added.class);
            assertThat(outcomes.get(1)).isInstanceOf(GroupOutcome.Conflicted.class);
            assertThat(((GroupOutcome.Added) outcomes.get(2)).readings()).containsExactly(reading("n3", 0, 3.0));
            assertThat(store.all())
                    .extracting(StoredReading::device, StoredReading::sequence)
                    .containsExactlyInAnyOrder(tuple("n1", 0L), tuple("n1", 1L), tuple("n2", 7L), tuple("n3", 0L));
            assertThat(store.devices()).extracting(DeviceSummary::device).containsExactly("n1", "n2", "n3");
        }
    }

    @Test
    void twoMembersStoringTheSameBatchesAtOnce_storeEachReadingOnce() throws Exception {
        try (PostgresReadingStore a = PostgresReadingStore.open(location);
                PostgresReadingStore b = PostgresReadingStore.open(location)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> added = new ArrayList<>();
                for (int round = 0; round < 50; round++) {
                    List<IncomingBatch> group = new ArrayList<>();
                    for (String device : List.of("n1", "n2", "n3")) {
                        group.add(new IncomingBatch(
                                device,
                                RECEIVED,
                                List.of(reading(device, 2L * round, round), reading(device, 2L * round + 1, round))));
                    }
                    for (PostgresReadingStore member : List.of(a, b)) {
                        Callable<Integer> store = () -> member.storeGroup(group).stream()
                                .mapToInt(o -> o instanceof GroupOutcome.Added added1
                                        ? added1.readings().size()
                                        : 0)
                                .sum();
                        added.add(pool.submit(store));
                    }
                }
                int total = 0;
                for (Future<Integer> f : added) {
                    total += f.get();
                }
                // Each reading was added by exactly one member; the other found it and compared it.
                assertThat(total).isEqualTo(300);
                assertThat(a.count()).isEqualTo(300);
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * The database ended the collector's sessions (a restart, a failover, an administrator): the first piece of work
     * that meets a dead connection fails and drops the idle ones with it, so the next opens a new session instead of
     * failing once for every pooled connection.
     */
    @Test
    void afterTheDatabaseEndedItsSessions_oneFailure_thenANewSession() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            PostgresDatabase database = store.database();
            List<Connection> pooled = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pooled.add(database.take("test"));
            }
            pooled.forEach(c -> database.give(c, true));
            try (Connection admin = TestDatabase.connect(location);
                    Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM"
                            + " pg_stat_activity WHERE application_name = 'fieldnode-collector'"
                            + " AND datname = current_database() AND pid <> pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(3);
            }

            assertThatThrownBy(store::count).isInstanceOf(StoreException.class);
            assertThat(store.count()).isZero();
            assertThat(store.count()).isZero();
        }
    }

    /**
     * A member whose power goes while its group commit holds a device's row lock never closes its connection; the
     * server must not keep that transaction (and so every other member's commits for the device) until TCP gives up,
     * hours later. Here a member's connection takes the lock and then says nothing more: another member's batch for
     * the device is stored once the server has ended the silent transaction (IDLE_TRANSACTION), well within the
     * lock wait, so it does not fail either.
     */
    @Test
    void aMemberThatFallsSilentInsideATransaction_holdsTheDevicesLockOnlyForTheIdleLimit() throws Exception {
        try (PostgresReadingStore a = PostgresReadingStore.open(location);
                PostgresReadingStore b = PostgresReadingStore.open(location)) {
            b.storeGroup(List.of(new IncomingBatch("n1", RECEIVED, List.of(reading("n1", 0, 20.0)))));
            Connection silent = a.database().take("the silent member");
            silent.setAutoCommit(false);
            try (Statement lock = silent.createStatement()) {
                lock.executeQuery("SELECT id FROM devices WHERE id = 'n1' FOR UPDATE")
                        .close();
            }
            try (Connection look = TestDatabase.connect(location);
                    Statement show = look.createStatement();
                    ResultSet rs = show.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name ="
                            + " 'fieldnode-collector' AND state = 'idle in transaction'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1))
                        .as("the silent member's transaction holds the lock")
                        .isEqualTo(1);
            }

            List<GroupOutcome> outcome =
                    b.storeGroup(List.of(new IncomingBatch("n1", RECEIVED, List.of(reading("n1", 1, 21.0)))));

            assertThat(outcome).singleElement().isInstanceOf(GroupOutcome.Added.class);
            assertThat(b.count()).isEqualTo(2);
            assertThat(silent.isValid(5))
                    .as("the server ended the silent transaction")
                    .isFalse();
            silent.close();
        }
    }

    @Test
    void scanRetentionSeriesRecentAndHealth() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew("n2", RECEIVED, List.of(reading("n2", 0, 1.0), reading("n2", 10, 2.0)));
            store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 3.0), reading("n1", 5, 4.0)));
            store.storeNew(
                    "n1",
                    RECEIVED,
                    List.of(
                            new StoredReading("n1", "health/queued", 12, "", T0.plusSeconds(6), 6),
                            new StoredReading("n1", "health/battery", 3.7, "V", T0.plusSeconds(6), 7)));

            assertThat(store.all())
                    .extracting(StoredReading::device, StoredReading::sequence)
                    .startsWith(tuple("n1", 0L), tuple("n2", 0L), tuple("n1", 5L));
            List<StoredReading> window = new ArrayList<>();
            store.scan(
                    new ReadingFilter(Optional.of("n2"), Optional.of(T0), Optional.of(T0.plusSeconds(10))),
                    window::add);
            assertThat(window).containsExactly(reading("n2", 0, 1.0));
            assertThat(store.series(ReadingFilter.ALL)).contains(new SeriesKey("env0/temperature", "Cel"));
            assertThat(store.recent("n1", new SeriesKey("env0/temperature", "Cel"), 1))
                    .containsExactly(reading("n1", 5, 4.0));
            DeviceSummary n1 = store.devices().get(0);
            assertThat(n1.queueDepth()).isEqualTo(OptionalLong.of(12));
            assertThat(n1.batteryUnit()).isEqualTo("V");

            assertThat(store.deleteObservedBefore(T0.plusSeconds(5))).isEqualTo(2);
            assertThat(store.count()).isEqualTo(4);
            assertThat(store.devices()).hasSize(2);
        }
    }

    @Test
    void storedReadingEditedBehindTheStoresBack_isAnIntegrityFailure() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 20.0)));
            try (Connection c = TestDatabase.connect(location);
                    Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE readings SET value = 25 WHERE device = 'n1'");
            }
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 20.0))))
                    .isInstanceOf(StoreIntegrityException.class);
        }
    }

    @Test
    void desiredConfiguration_rulesOfTheSqliteStore() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            DesiredConfig first = store.desiredConfigs().set("n1", Map.of("queue.fsync", "per-batch"), T0);
            assertThat(first.version()).isEqualTo(1);
            assertThat(store.desiredConfigs()
                            .exchange("n1", new ConfigReport(0, OptionalLong.empty(), Optional.empty()), T0))
                    .contains(first);
            assertThat(store.desiredConfigs()
                            .exchange("n1", new ConfigReport(1, OptionalLong.empty(), Optional.empty()), T0))
                    .isEmpty();
            assertThat(store.desiredConfigs().status("n1").orElseThrow().state())
                    .isEqualTo("applied");
            DesiredConfig second = store.desiredConfigs().set("n1", Map.of("queue.fsync", ""), T0);
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.entries()).isEmpty();
            assertThat(store.desiredConfigs()
                            .exchange("n1", new ConfigReport(1, OptionalLong.of(2), Optional.of("no")), T0))
                    .isEmpty();
            assertThat(store.desiredConfigs().status("n1").orElseThrow().state())
                    .isEqualTo("rejected");
            assertThat(store.desiredConfigs().status("n9")).isEmpty();
        }
    }

    @Test
    void enrolmentRecords_areSharedByEveryMember() throws Exception {
        NodeId node = new NodeId("fieldnode-0123456789abcdef");
        try (PostgresReadingStore a = PostgresReadingStore.open(location);
                PostgresReadingStore b = PostgresReadingStore.open(location);
                EnrolmentRecords onA = a.enrolmentRecords();
                EnrolmentRecords onB = b.enrolmentRecords()) {
            onA.addCredential("enrol-0000000000000001", "pump-3", new byte[] {1, 2}, T0, T0.plusSeconds(86_400));
            assertThat(onB.hasUnusedBundle("pump-3")).isTrue();
            assertThat(onB.completeEnrolment("enrol-0000000000000001", node, "0a", T0.plusSeconds(999), T0))
                    .isTrue();
            assertThat(onA.completeEnrolment("enrol-0000000000000001", node, "0b", T0.plusSeconds(999), T0))
                    .isFalse();
            assertThat(onA.recordRenewal(node, "0a", "0c", T0.plusSeconds(2000), T0))
                    .isTrue();
            assertThat(onB.node(node).orElseThrow().serial()).isEqualTo("0c");
            assertThat(onA.revoke("pump-3", T0)).isEqualTo(1);
            assertThat(onB.node(node).orElseThrow().isRevoked()).isTrue();
            assertThat(onB.knows("pump-3")).isTrue();
            assertThat(onB.credentials()).hasSize(1);
        }
    }

    @Test
    void everyValueType_isStoredInItsColumn_andReadBackAsStored() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            assertThat(store.storeNew("n1", RECEIVED, TypedReadingSamples.everyType(0)))
                    .hasSize(6);
            assertThat(store.storeNew("n1", RECEIVED, TypedReadingSamples.everyType(0)))
                    .isEmpty(); // a retransmission
            assertThat(store.all()).containsExactlyInAnyOrderElementsOf(TypedReadingSamples.everyType(0));
            StoredReading flag = TypedReadingSamples.everyType(0).get(1);
            assertThat(store.recent("n1", new SeriesKey(flag.name(), flag.unit()), 5))
                    .containsExactly(flag);
            assertThatThrownBy(() -> store.storeNew(
                            "n1",
                            RECEIVED,
                            List.of(TypedReadingSamples.typed(
                                    "pump/state",
                                    "",
                                    2,
                                    new SenmlValue.Text("stopped"),
                                    null,
                                    SenmlTimeQuality.RECEIPT))))
                    .isInstanceOf(SequenceConflictException.class);
        }
        try (Connection c = TestDatabase.connect(location)) {
            assertThat(TypedReadingSamples.typedColumns(c)).isEqualTo(TypedReadingSamples.EVERY_TYPE_COLUMNS);
        }
    }

    @Test
    void withoutSequence_aReadingIsKeptOncePerDeviceSeriesAndTime_andOtherContentConflicts() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            TypedReadingSamples.keepsOnce(store);
            // In a group too: the conflicting batch alone stores nothing; a repeat within one batch is kept once.
            StoredReading later = TypedReadingSamples.typed(
                    "tank/level",
                    "m",
                    StoredReading.NO_SEQUENCE,
                    new SenmlValue.Numeric(1.5),
                    null,
                    SenmlTimeQuality.RECEIPT);
            StoredReading changed =
                    TypedReadingSamples.everyType(StoredReading.NO_SEQUENCE).get(0);
            changed = new StoredReading(
                    "n1",
                    changed.name(),
                    changed.unit(),
                    changed.time(),
                    changed.sequence(),
                    new SenmlValue.Numeric(9),
                    null,
                    changed.timeQuality());
            StoredReading laterStill = new StoredReading(
                    "n1",
                    later.name(),
                    later.unit(),
                    later.time().plusSeconds(1),
                    later.sequence(),
                    later.typed(),
                    null,
                    later.timeQuality());
            List<GroupOutcome> outcomes = store.storeGroup(List.of(
                    new IncomingBatch("n1", RECEIVED, List.of(laterStill, laterStill)),
                    new IncomingBatch("n1", RECEIVED, List.of(changed))));
            assertThat(outcomes.get(0)).isEqualTo(new GroupOutcome.Added(List.of(laterStill)));
            assertThat(outcomes.get(1)).isInstanceOf(GroupOutcome.Conflicted.class);
            assertThat(store.count()).isEqualTo(8);
        }
    }

    @Test
    void aVersion3Database_keepsItsReadingsThroughStepsFourAndFive() throws Exception {
        StoredReading old = reading("n1", 0, 20.5);
        try (Connection c = TestDatabase.connect(location)) {
            c.setAutoCommit(false);
            // A database a collector of the cluster branch made: collector version 3 and its readings_view.
            List<List<String>> steps =
                    new ArrayList<>(PostgresSchema.COLLECTOR.steps().subList(0, 3));
            steps.addAll(PostgresSchema.ENROLMENT.steps());
            steps.addAll(PostgresSchema.CLUSTER.steps());
            for (List<String> step : steps) {
                for (String sql : step) {
                    PostgresDatabase.execute(c, sql);
                }
            }
            PostgresDatabase.execute(
                    c,
                    "CREATE TABLE fieldnode_schema (part text PRIMARY KEY, version bigint NOT NULL);"
                            + " INSERT INTO fieldnode_schema VALUES ('collector', 3), ('enrolment', 2), ('cluster', 1)");
            PostgresDatabase.execute(c, """
                    CREATE VIEW readings_view AS
                    SELECT to_timestamp(r.time_us / 1000000.0) AS time, r.device AS device,
                           coalesce(n.device, r.device) AS device_name, r.name AS series, r.value AS value,
                           r.unit AS unit, coalesce(r.time_quality, 'synced') AS time_quality
                    FROM readings r LEFT JOIN nodes n ON n.node_id = r.device""");
            PostgresDatabase.execute(c, "GRANT SELECT ON readings_view TO PUBLIC"); // as a pilot does for Grafana
            try (var insert = c.prepareStatement("INSERT INTO readings (device, sequence, name, time_us, value, unit,"
                    + " received_us, time_quality, digest) VALUES ('n1', 0, 'env0/temperature', ?, 20.5, 'Cel', 0,"
                    + " 'synced', ?)")) {
                insert.setLong(1, Columns.micros(old.time()));
                insert.setBytes(2, ReadingContent.digest(old));
                insert.executeUpdate();
            }
            c.commit();
        }
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            assertThat(store.all()).containsExactly(old);
            assertThat(store.storeNew("n1", RECEIVED, List.of(old))).isEmpty(); // its digest still holds
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 21))))
                    .isInstanceOf(SequenceConflictException.class);
            assertThat(store.deviceUpdates().all()).isEmpty();
        }
        try (Connection c = TestDatabase.connect(location);
                Statement q = c.createStatement();
                ResultSet grants = q.executeQuery("SELECT count(*) FROM information_schema.role_table_grants"
                        + " WHERE table_name = 'readings_view' AND grantee = 'PUBLIC' AND privilege_type = 'SELECT'")) {
            assertThat(PostgresSchema.version(c, "collector")).isEqualTo(5);
            assertThat(grants.next()).isTrue();
            assertThat(grants.getInt(1))
                    .as("the view made again is readable by whom it was")
                    .isEqualTo(1);
        }
    }

    @Test
    void deviceUpdates_areSharedByEveryMember_andWrittenOnlyWhenTheReportChanges() throws Exception {
        UpdateReports.Reported downloading = new UpdateReports.Reported(3, "downloading", 4, 1024, "");
        try (PostgresReadingStore a = PostgresReadingStore.open(location);
                PostgresReadingStore b = PostgresReadingStore.open(location)) {
            a.deviceUpdates().reported("n1", downloading, T0);
            b.deviceUpdates().reported("n1", downloading, T0.plusSeconds(60)); // the same report: no write
            assertThat(b.deviceUpdates().all())
                    .containsExactly(
                            Map.entry("n1", new DeviceUpdates.DeviceUpdate("n1", 3, "downloading", 4, 1024, "", T0)));
            b.deviceUpdates().reported("n1", new UpdateReports.Reported(4, "applied", 4, 4096, ""), T0.plusSeconds(90));
            a.deviceUpdates().reported("n2", new UpdateReports.Reported(0, "refused", 4, 0, "signature"), T0);
            assertThat(a.deviceUpdates().all())
                    .containsExactly(
                            Map.entry(
                                    "n1",
                                    new DeviceUpdates.DeviceUpdate(
                                            "n1", 4, "applied", 4, 4096, "", T0.plusSeconds(90))),
                            Map.entry("n2", new DeviceUpdates.DeviceUpdate("n2", 0, "refused", 4, 0, "signature", T0)));
        }
    }

    @Test
    void readingsView_givesTimeDeviceNameSeriesValueUnitQuality() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location);
                EnrolmentRecords records = store.enrolmentRecords()) {
            NodeId node = new NodeId("fieldnode-00000000000000aa");
            records.addCredential("enrol-00000000000000aa", "well-2", new byte[] {1}, T0, T0.plusSeconds(99));
            records.completeEnrolment("enrol-00000000000000aa", node, "01", T0.plusSeconds(99), T0);
            store.storeNew(node.value(), RECEIVED, List.of(reading(node.value(), 3, 21.5)));
            try (Connection c = TestDatabase.connect(location);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT time, device, device_name, series, value, unit,"
                            + " time_quality FROM readings_view")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(T0.plusSeconds(3));
                assertThat(rs.getString(2)).isEqualTo(node.value());
                assertThat(rs.getString(3)).isEqualTo("well-2");
                assertThat(rs.getString(4)).isEqualTo("env0/temperature");
                assertThat(rs.getDouble(5)).isEqualTo(21.5);
                assertThat(rs.getString(6)).isEqualTo("Cel");
                assertThat(rs.getString(7)).isEqualTo("synced");
                assertThat(rs.next()).isFalse();
            }
            store.storeNew("n1", RECEIVED, TypedReadingSamples.everyType(StoredReading.NO_SEQUENCE));
            try (Connection c = TestDatabase.connect(location);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT series, value_type, value, text_value, bool_value, sum,"
                            + " time_quality FROM readings_view WHERE device = 'n1' ORDER BY series")) {
                StringBuilder rows = new StringBuilder();
                while (rs.next()) {
                    for (int i = 1; i <= 7; i++) {
                        rows.append(rs.getString(i)).append(i < 7 ? '|' : '\n');
                    }
                }
                assertThat(rows.toString())
                        .isEqualTo("flow/volume|v|0.5|null|null|12.5|synced\n"
                                + "pump/state|vs|null|running, \"ok\"|null|null|receipt\n"
                                + "rain/total|s|0.0125|null|null|0.0125|synced\n"
                                + "tag/raw|vd|null|null|null|null|unsynced\n"
                                + "tank/float|vb|1|null|t|null|relative\n"
                                + "tank/level|v|1.25|null|null|null|synced\n");
            }
        }
    }

    @Test
    void reopening_migratesNothing_andANewerSchemaIsRefused() throws Exception {
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew("n1", RECEIVED, List.of(reading("n1", 0, 1.0)));
        }
        try (PostgresReadingStore again = PostgresReadingStore.open(location)) {
            assertThat(again.count()).isEqualTo(1);
        }
        try (Connection c = TestDatabase.connect(location);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE fieldnode_schema SET version = 99 WHERE part = 'collector'");
        }
        assertThatThrownBy(() -> PostgresReadingStore.open(location))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99");
    }
}
