// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.fieldnode.collector.DeviceSummary;
import org.fieldnode.collector.HealthNames;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.fieldnode.collector.SeriesKey;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.senml.SenmlTimeQuality;
import org.fieldnode.protocol.senml.SenmlValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store on real files: exactly-once, atomic batches, restarts, retention, schema versions. */
class SqliteReadingStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:05:00Z");

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve(SqliteReadingStore.FILE_NAME);
    }

    static StoredReading reading(String device, String name, long sequence, Instant time) {
        return new StoredReading(device, name, 20 + sequence / 4.0, "Cel", time, sequence);
    }

    static List<StoredReading> batch(String device, long first, int count) {
        List<StoredReading> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(reading(device, "env0/temperature", first + i, T0.plusSeconds(60L * (first + i))));
        }
        return batch;
    }

    @Test
    void sameBatchAgain_storesNothingNewAndKeepsTheFirstCopy() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.storeNew("n1", RECEIVED, batch("n1", 10, 3))).hasSize(3);
            assertThat(store.storeNew("n1", RECEIVED.plusSeconds(30), batch("n1", 10, 3)))
                    .isEmpty();
            assertThat(store.all()).isEqualTo(batch("n1", 10, 3));
            assertThat(store.devices()).singleElement().satisfies(d -> {
                assertThat(d.firstSeen()).isEqualTo(RECEIVED);
                assertThat(d.lastSeen()).isEqualTo(RECEIVED.plusSeconds(30));
            });
        }
    }

    @Test
    void afterRestart_reingestingTheSameOrAnOverlappingBatch_addsOnlyWhatIsNew() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, batch("n1", 10, 3));
        }
        try (SqliteReadingStore reopened = SqliteReadingStore.open(db())) {
            assertThat(reopened.storeNew("n1", RECEIVED, batch("n1", 10, 3))).isEmpty();
            // The node restarted and batched differently: 12 is known, 13 and 14 are new.
            assertThat(reopened.storeNew("n1", RECEIVED, batch("n1", 12, 3)))
                    .extracting(StoredReading::sequence)
                    .containsExactly(13L, 14L);
            assertThat(reopened.count()).isEqualTo(5);
            assertThat(reopened.all()).extracting(StoredReading::sequence).containsExactly(10L, 11L, 12L, 13L, 14L);
        }
    }

    @Test
    void batchesLongerThanOneInsert_andPartlyStoredOnes_storeEachReadingOnce_aloneAndInAGroup() throws Exception {
        int rows = SqliteIngest.ROWS_PER_INSERT;
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.storeNew("n1", RECEIVED, batch("n1", 0, 2 * rows + 3)))
                    .as("three multi-row inserts")
                    .hasSize(2 * rows + 3);
            // The first half was stored before: the multi-row insert stores fewer rows than it has, and the batch
            // goes again reading by reading.
            int overlap = rows / 2;
            assertThat(store.storeNew("n1", RECEIVED, batch("n1", 2L * rows + 3 - overlap, 2 * overlap)))
                    .extracting(StoredReading::sequence)
                    .containsExactlyElementsOf(batch("n1", 2L * rows + 3, overlap).stream()
                            .map(StoredReading::sequence)
                            .toList());

            List<GroupOutcome> outcomes = store.storeGroup(List.of(
                    new IncomingBatch("n2", RECEIVED, batch("n2", 0, rows + 1)),
                    new IncomingBatch("n1", RECEIVED, batch("n1", 2L * rows + 3 + overlap - 2, 4)),
                    new IncomingBatch("n3", RECEIVED, batch("n3", 0, 2))));

            assertThat(outcomes).hasSize(3);
            assertThat(((GroupOutcome.Added) outcomes.get(0)).readings()).hasSize(rows + 1);
            long next = 2L * rows + 3 + overlap; // n1 has 0 .. next - 1
            assertThat(((GroupOutcome.Added) outcomes.get(1)).readings())
                    .extracting(StoredReading::sequence)
                    .containsExactly(next, next + 1);
            assertThat(((GroupOutcome.Added) outcomes.get(2)).readings()).hasSize(2);
            assertThat(store.count()).isEqualTo(countRows("readings"));
            assertThat(store.all())
                    .filteredOn(r -> r.device().equals("n1"))
                    .extracting(StoredReading::sequence)
                    .doesNotHaveDuplicates()
                    .hasSize(2 * rows + 3 + overlap + 2);
        }
    }

    @Test
    void latestRepeated_findsADailyFact_andLooksNoFurtherBackThanTwoRepeatsBeforeTheDevicesLatestReading()
            throws Exception {
        SeriesKey software = new SeriesKey(HealthNames.SOFTWARE, "");
        Duration day = HealthNames.REPEATED_EVERY;
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            // n1 said its software 30 hours before its latest reading, and hourly readings since.
            store.storeNew("n1", RECEIVED, List.of(fact("n1", 0, T0, "fieldnode 0.1.0")));
            List<StoredReading> hourly = new ArrayList<>();
            for (int h = 1; h <= 30; h++) {
                hourly.add(reading("n1", "env0/temperature", h, T0.plus(Duration.ofHours(h))));
            }
            store.storeNew("n1", RECEIVED, hourly);
            // n2 said it 3 days before its latest reading and never again: outside the two days looked at.
            store.storeNew("n2", RECEIVED, List.of(fact("n2", 0, T0, "fieldnode 0.0.9")));
            store.storeNew(
                    "n2",
                    RECEIVED,
                    batch("n2", 1, 1).stream()
                            .map(r -> reading("n2", r.name(), 1, T0.plus(Duration.ofDays(3))))
                            .toList());

            assertThat(store.latestRepeated("n1", software, day))
                    .hasValueSatisfying(r -> assertThat(r.typed()).isEqualTo(new SenmlValue.Text("fieldnode 0.1.0")));
            assertThat(store.latestRepeated("n1", new SeriesKey(HealthNames.PLACE, ""), day))
                    .as("a series n1 never sent")
                    .isEmpty();
            assertThat(store.latestRepeated("n2", software, day)).isEmpty();
            assertThat(store.latestRepeated("n3", software, day))
                    .as("an unknown device")
                    .isEmpty();
        }
    }

    private static StoredReading fact(String device, long sequence, Instant time, String text) {
        return new StoredReading(
                device,
                HealthNames.SOFTWARE,
                "",
                time,
                sequence,
                new SenmlValue.Text(text),
                null,
                SenmlTimeQuality.SYNCED);
    }

    @Test
    void aRetransmissionInAGroup_costsOnlyItsOwnBatchTheReadingByReadingPath() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, batch("n1", 0, 4));

            List<GroupOutcome> outcomes = store.storeGroup(List.of(
                    new IncomingBatch("n2", RECEIVED, batch("n2", 0, 4)),
                    new IncomingBatch("n1", RECEIVED, batch("n1", 2, 4)), // 2 and 3 again, 4 and 5 new
                    new IncomingBatch("n3", RECEIVED, batch("n3", 0, 4))));

            assertThat(outcomes)
                    .extracting(o -> ((GroupOutcome.Added) o)
                            .readings().stream().map(StoredReading::sequence).toList())
                    .containsExactly(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L), List.of(0L, 1L, 2L, 3L));
            assertThat(store.count()).isEqualTo(4 + 4 + 2 + 4);
        }
    }

    @Test
    void failureMidBatch_storesNoneOfItAndTheSameBatchLaterStoresWhole() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            // A real SQLite error on the third INSERT of the batch, after two rows went in.
            sql("CREATE TRIGGER fail_third BEFORE INSERT ON readings WHEN NEW.sequence = 12"
                    + " BEGIN SELECT RAISE(ABORT, 'injected fault'); END");

            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, batch("n1", 10, 4)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("batch of 4 reading(s) not stored")
                    .hasMessageContaining("injected fault");
            assertThat(store.count()).isZero();
            assertThat(store.devices()).isEmpty();
            assertThat(countRows("readings")).isZero();

            sql("DROP TRIGGER fail_third");
            assertThat(store.storeNew("n1", RECEIVED, batch("n1", 10, 4))).hasSize(4);
            assertThat(store.count()).isEqualTo(4);
        }
    }

    @Test
    void committedBatch_isVisibleToAnotherConnectionAndProcessWhileTheWriterStaysOpen() throws Exception {
        try (SqliteReadingStore writer = SqliteReadingStore.open(db())) {
            writer.storeNew("n1", RECEIVED, batch("n1", 0, 2));
            try (SqliteReadingStore reader = SqliteReadingStore.openReadOnly(db())) {
                assertThat(reader.count()).isEqualTo(2);
                assertThatThrownBy(() -> reader.storeNew("n1", RECEIVED, batch("n1", 5, 1)))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("read-only");
            }
            assertThat(journalMode()).isEqualTo("wal");
        }
    }

    @Test
    void retention_deletesOnlyReadingsObservedBeforeTheCutoffAndKeepsDevices() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, batch("n1", 0, 10)); // T0 + 0..9 min
            store.storeNew("n2", RECEIVED, batch("n2", 0, 2));

            long deleted = store.deleteObservedBefore(T0.plusSeconds(5 * 60));

            assertThat(deleted).isEqualTo(7); // n1: 0..4, n2: 0..1
            assertThat(store.all())
                    .allSatisfy(r -> assertThat(r.time()).isAfterOrEqualTo(T0.plusSeconds(300)))
                    .extracting(StoredReading::sequence)
                    .containsExactly(5L, 6L, 7L, 8L, 9L);
            assertThat(store.devices()).extracting(DeviceSummary::device).containsExactly("n1", "n2");
            assertThat(store.deleteObservedBefore(T0.plusSeconds(5 * 60))).isZero();
        }
    }

    @Test
    void scan_filtersByDeviceAndHalfOpenTimeRange_inTimeThenDeviceOrder() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n2", RECEIVED, batch("n2", 0, 4));
            store.storeNew("n1", RECEIVED, batch("n1", 0, 4));
            List<StoredReading> seen = new ArrayList<>();

            store.scan(
                    new ReadingFilter(
                            Optional.empty(), Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(180))),
                    seen::add);

            assertThat(seen)
                    .extracting(r -> r.device() + "#" + r.sequence())
                    .containsExactly("n1#1", "n2#1", "n1#2", "n2#2");
            seen.clear();
            store.scan(new ReadingFilter(Optional.of("n2"), Optional.empty(), Optional.empty()), seen::add);
            assertThat(seen)
                    .extracting(StoredReading::device)
                    .containsOnly("n2")
                    .hasSize(4);
        }
    }

    @Test
    void healthReadings_areStoredAsReadingsAndUpdateTheDeviceSummary() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew(
                    "n1",
                    RECEIVED,
                    List.of(
                            new StoredReading("n1", HealthNames.QUEUED, 12, "", T0, 1),
                            new StoredReading("n1", HealthNames.DROPPED, 3, "", T0, 2),
                            new StoredReading("n1", HealthNames.BATTERY, 3.71, "V", T0, 3),
                            new StoredReading("n1", HealthNames.STATE, 1, "", T0, 4)));
            store.storeNew("n1", RECEIVED, List.of(new StoredReading("n1", HealthNames.QUEUED, 0, "", T0, 5)));

            assertThat(store.devices())
                    .containsExactly(new DeviceSummary(
                            "n1",
                            RECEIVED,
                            RECEIVED,
                            Optional.of("degraded"),
                            OptionalLong.of(0),
                            OptionalLong.of(3),
                            OptionalDouble.of(3.71),
                            "V"));
            assertThat(store.count()).isEqualTo(5);
            assertThat(countRows("health")).isEqualTo(2);
        }
    }

    @Test
    void seriesAndRecent_giveTheChartData() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, batch("n1", 0, 5));
            store.storeNew("n1", RECEIVED, List.of(new StoredReading("n1", "lux0/illuminance", 800, "lx", T0, 9)));

            assertThat(store.series(ReadingFilter.ALL))
                    .containsExactly(new SeriesKey("env0/temperature", "Cel"), new SeriesKey("lux0/illuminance", "lx"));
            assertThat(store.recent("n1", new SeriesKey("env0/temperature", "Cel"), 2))
                    .extracting(StoredReading::sequence)
                    .containsExactly(3L, 4L);
        }
    }

    @Test
    void fileOfANewerSchema_isRefusedAndLeftAlone() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, batch("n1", 0, 1));
        }
        sql("PRAGMA user_version = 7");

        assertThatThrownBy(() -> SqliteReadingStore.open(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(
                        "schema version 7; this collector knows up to " + Schema.VERSION + ": run a newer fieldnode");
        assertThatThrownBy(() -> SqliteReadingStore.openReadOnly(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 7");
        assertThat(countRows("readings")).isEqualTo(1);
    }

    @Test
    void newFile_isMigratedToTheCurrentVersion_andAMissingFileIsNotCreatedForReading() throws Exception {
        assertThatThrownBy(() -> SqliteReadingStore.openReadOnly(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no collector store here");
        assertThat(Files.exists(db())).isFalse();

        SqliteReadingStore.open(db()).close();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
                        + " AND tbl_name = 'readings' AND sql IS NOT NULL ORDER BY name")) {
            List<String> indexes = new ArrayList<>();
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
            assertThat(indexes)
                    .as("version 6: charts by (device, time_us), not one index entry per series")
                    .containsExactly(
                            "readings_by_device", "readings_by_sequence", "readings_by_time", "readings_unsequenced");
        }
    }

    @Test
    void close_isIdempotentAndLeavesNoWriteAheadLog() throws Exception {
        SqliteReadingStore store = SqliteReadingStore.open(db());
        store.storeNew("n1", RECEIVED, batch("n1", 0, 3));
        assertThat(dir.resolve(SqliteReadingStore.FILE_NAME + "-wal")).exists();

        store.close();
        store.close();

        assertThat(dir.resolve(SqliteReadingStore.FILE_NAME + "-wal")).doesNotExist();
        assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, batch("n1", 9, 1)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long countRows(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }

    private String journalMode() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            return rs.getString(1);
        }
    }
}
