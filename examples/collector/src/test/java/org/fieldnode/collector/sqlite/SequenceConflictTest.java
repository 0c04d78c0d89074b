// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.fieldnode.collector.MemoryReadingStore;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoreIntegrityException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.jdbc.Columns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R28, no silent discard, on a real SQLite file (and the memory store): a (device, sequence) that comes
 * again with the same content is a retransmission (stored once, acknowledged); with other content it is a conflict,
 * and nothing of its batch is stored. A stored reading edited behind the collector's back is an integrity failure.
 */
class SequenceConflictTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-03-01T12:05:00Z");

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve(SqliteReadingStore.FILE_NAME);
    }

    private static StoredReading reading(long sequence, double value) {
        return new StoredReading("n1", "env0/temperature", value, "Cel", T0.plusSeconds(sequence), sequence);
    }

    @Test
    void sameContentAgain_isARetransmission_otherContentAConflictThatStoresNothing() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0), reading(1, 20.5))))
                    .hasSize(2);
            // the ACK was lost: the same batch again, and one more reading with it (batched differently)
            assertThat(store.storeNew("n1", RECEIVED, List.of(reading(1, 20.5), reading(2, 21.0))))
                    .containsExactly(reading(2, 21.0));

            // another node under the same name, or a restored queue: reading 1 with another value
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading(1, 99.0), reading(3, 22.0))))
                    .isInstanceOfSatisfying(SequenceConflictException.class, e -> {
                        assertThat(e.sequence()).isEqualTo(1);
                        assertThat(e.device()).isEqualTo("n1");
                    });

            assertThat(store.all())
                    .extracting(StoredReading::sequence, StoredReading::value)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(0L, 20.0),
                            org.assertj.core.groups.Tuple.tuple(1L, 20.5),
                            org.assertj.core.groups.Tuple.tuple(2L, 21.0));
        }
    }

    @Test
    void aTimeCorrectedAfterTheClockSynchronised_isStillARetransmission_aDifferentSyncedTimeIsNot() throws Exception {
        StoredReading unsynced = new StoredReading("n1", "env0/temperature", 20, "Cel", T0, 5, true);
        StoredReading corrected = new StoredReading("n1", "env0/temperature", 20, "Cel", T0.plusSeconds(3600), 5);
        StoredReading synced = new StoredReading("n1", "env0/temperature", 20, "Cel", T0, 6);
        StoredReading moved = new StoredReading("n1", "env0/temperature", 20, "Cel", T0.plusSeconds(1), 6);
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, List.of(unsynced, synced));

            assertThat(store.storeNew("n1", RECEIVED, List.of(corrected))).isEmpty();
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(moved)))
                    .isInstanceOf(SequenceConflictException.class);
        }
    }

    @Test
    void inAGroupCommit_onlyTheConflictingBatchIsRefused_theOthersAreStored() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0)));

            List<GroupOutcome> outcomes = store.storeGroup(List.of(
                    new IncomingBatch("n1", RECEIVED, List.of(reading(1, 21.0))),
                    new IncomingBatch("n1", RECEIVED, List.of(reading(0, 25.0), reading(2, 22.0))),
                    new IncomingBatch("n2", RECEIVED, List.of(new StoredReading("n2", "x", 1, "", T0, 0)))));

            assertThat(outcomes.get(0)).isInstanceOf(GroupOutcome.Added.class);
            assertThat(outcomes.get(1))
                    .isInstanceOfSatisfying(
                            GroupOutcome.Conflicted.class,
                            c -> assertThat(c.conflict().sequence()).isZero());
            assertThat(outcomes.get(2)).isInstanceOf(GroupOutcome.Added.class);
            assertThat(store.all()).extracting(StoredReading::sequence).containsExactlyInAnyOrder(0L, 1L, 0L);
            assertThat(store.all()).noneMatch(r -> r.value() == 25.0 || r.value() == 22.0);
        }
    }

    @Test
    void aStoredReadingEditedBehindTheCollectorsBack_isAnIntegrityFailure() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0)));
        }
        sql("UPDATE readings SET value = 30.0 WHERE sequence = 0");
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0))))
                    .isInstanceOf(StoreIntegrityException.class)
                    .hasMessageContaining("no longer matches its digest");
            assertThat(store.storeGroup(List.of(new IncomingBatch("n1", RECEIVED, List.of(reading(0, 20.0))))))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            GroupOutcome.Failed.class,
                            f -> assertThat(f.cause()).isInstanceOf(StoreIntegrityException.class));
        }
    }

    /** A file of version 2 (no digests): its readings are compared by their columns after the migration. */
    @Test
    void readingsStoredBeforeDigests_areComparedByTheirColumns() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            Schema.migrate(c, db().toString(), 2);
            c.createStatement()
                    .execute("INSERT INTO readings (device, sequence, name, time_us, value, unit, received_us,"
                            + " time_quality) VALUES ('n1', 0, 'env0/temperature', "
                            + Columns.micros(T0) + ", 20.0, 'Cel', 0, 'synced')");
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0))))
                    .isEmpty();
            assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading(0, 20.1))))
                    .isInstanceOf(SequenceConflictException.class);
        }
    }

    @Test
    void memoryStore_keepsTheSameRule() throws Exception {
        ReadingStore store = new MemoryReadingStore();
        store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0)));

        assertThat(store.storeNew("n1", RECEIVED, List.of(reading(0, 20.0), reading(1, 21.0))))
                .containsExactly(reading(1, 21.0));
        assertThatThrownBy(() -> store.storeNew("n1", RECEIVED, List.of(reading(2, 1.0), reading(0, 25.0))))
                .isInstanceOf(SequenceConflictException.class);
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(0L, 1L);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
