// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.collector.TypedReadingSamples.RECEIVED;
import static org.fieldnode.collector.TypedReadingSamples.T0;
import static org.fieldnode.collector.TypedReadingSamples.everyType;
import static org.fieldnode.collector.TypedReadingSamples.keepsOnce;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.fieldnode.collector.MemoryReadingStore;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.SequenceConflictException;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.TypedReadingSamples;
import org.fieldnode.collector.export.CsvExport;
import org.fieldnode.collector.export.JsonExport;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.protocol.senml.ReceivedRecord;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 4 (every SenML value type in its own column, sums, time quality, readings without a sequence) on a
 * real SQLite file: typed readings come back as stored, a version 3 file keeps its readings through the migration,
 * readings without {@code s=} are kept once per (device, series, time), and both exports keep the types.
 */
class TypedReadingsTest {
    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve(SqliteReadingStore.FILE_NAME);
    }

    @Test
    void everyValueType_isStoredInItsColumn_andReadBackAsStored() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.storeNew("n1", RECEIVED, everyType(0))).hasSize(6);
            assertThat(store.storeNew("n1", RECEIVED, everyType(0))).isEmpty(); // a retransmission
            assertThat(store.all()).containsExactlyInAnyOrderElementsOf(everyType(0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            assertThat(TypedReadingSamples.typedColumns(c)).isEqualTo(TypedReadingSamples.EVERY_TYPE_COLUMNS);
        }
    }

    @Test
    void withoutSequence_aReadingIsKeptOncePerDeviceSeriesAndTime_andOtherContentConflicts() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            keepsOnce(store);
        }
        keepsOnce(new MemoryReadingStore());
    }

    @Test
    void aVersion3File_keepsItsReadings_andTheirDigests_throughTheMigration() throws Exception {
        StoredReading old = new StoredReading("n1", "env0/temperature", 20.5, "Cel", T0, 0);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            Schema.migrate(c, db().toString(), 3);
            var insert = c.prepareStatement("INSERT INTO readings (device, sequence, name, time_us, value, unit,"
                    + " received_us, time_quality, digest) VALUES ('n1', 0, 'env0/temperature', ?, 20.5, 'Cel', 0,"
                    + " 'synced', ?)");
            insert.setLong(1, Columns.micros(T0));
            insert.setBytes(2, org.fieldnode.collector.ReadingContent.digest(old));
            insert.executeUpdate();
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            assertThat(store.all()).containsExactly(old);
            assertThat(store.storeNew("n1", RECEIVED, List.of(old))).isEmpty(); // its digest still holds
            assertThatThrownBy(() -> store.storeNew(
                            "n1", RECEIVED, List.of(new StoredReading("n1", "env0/temperature", 21, "Cel", T0, 0))))
                    .isInstanceOf(SequenceConflictException.class);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            assertThat(Schema.version(c)).isEqualTo(Schema.VERSION);
        }
    }

    @Test
    void exports_keepEachType_andTheJsonExportReadsBackAsTheSameRecords() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(db())) {
            store.storeNew("n1", RECEIVED, everyType(StoredReading.NO_SEQUENCE));
            StringWriter json = new StringWriter();
            JsonExport.write(store, ReadingFilter.ALL, json);
            StringWriter csv = new StringWriter();
            CsvExport.write(store, ReadingFilter.ALL, csv);

            List<ReceivedRecord> back = SenmlCodec.decodeReceived(
                    json.toString().getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, RECEIVED);
            assertThat(back)
                    .extracting(ReceivedRecord::name, ReceivedRecord::value, ReceivedRecord::sum, ReceivedRecord::time)
                    .containsExactlyInAnyOrderElementsOf(everyType(StoredReading.NO_SEQUENCE).stream()
                            .map(r -> org.assertj.core.groups.Tuple.tuple(
                                    "urn:dev:ops:n1:" + r.name(), r.typed(), r.sum(), r.time()))
                            .toList());
            assertThat(json.toString())
                    .contains("\"vb\":true")
                    .contains("\"vs\":\"running, \\\"ok\\\"\"")
                    .contains("\"vd\":\"AAH_\"")
                    .contains("\"s\":0.0125")
                    .contains("\"tq\":\"relative\"")
                    .doesNotContain("\"seq\"");
            assertThat(csv.toString())
                    .isEqualTo("time,device,flow/volume [m3],flow/volume [m3] sum,pump/state,rain/total [m],tag/raw,"
                            + "tank/float,tank/level [m]\r\n"
                            + "2026-03-01T12:00:00Z,n1,0.5,12.5,\"running, \"\"ok\"\"\",0.0125,AAH_,true,1.25\r\n");
        }
    }
}
