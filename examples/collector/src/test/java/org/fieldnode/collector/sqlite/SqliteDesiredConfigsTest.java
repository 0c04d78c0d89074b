// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.collector.ConfigReport;
import org.fieldnode.collector.ConfigStatus;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The twin table on a real SQLite file: versions, merging, when a configuration goes out, migration from 1. */
class SqliteDesiredConfigsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private static ConfigReport applied(long version) {
        return new ConfigReport(version, OptionalLong.empty(), Optional.empty());
    }

    @Test
    void set_mergesIntoTheLastSet_removesEmptyValues_andCountsVersionsUp() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            SqliteDesiredConfigs configs = store.desiredConfigs();
            DesiredConfig first = configs.set("n1", Map.of("interval.env0", "5m", "queue.fsync", "per-batch"), T0);
            Map<String, String> changes = new LinkedHashMap<>();
            changes.put("queue.fsync", "");
            changes.put("deadband.env0.temperature", "0.2");
            DesiredConfig second = configs.set("n1", changes, T0.plusSeconds(60));

            assertThat(first.version()).isEqualTo(1);
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.entries())
                    .containsExactly(Map.entry("deadband.env0.temperature", "0.2"), Map.entry("interval.env0", "5m"));
            ConfigStatus status = configs.status("n1").orElseThrow();
            assertThat(status.desired()).contains(second);
            assertThat(status.desiredAt()).contains(T0.plusSeconds(60));
            assertThat(status.state()).isEqualTo("pending");
            assertThat(configs.status("n2")).isEmpty();
        }
    }

    @Test
    void exchange_seesASetMadeThroughAnotherConnection_atTheNextReport() throws Exception {
        try (SqliteReadingStore serving = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            SqliteDesiredConfigs configs = serving.desiredConfigs();
            assertThat(configs.exchange("n1", applied(0), T0)).isEmpty();
            assertThat(configs.exchange("n1", applied(0), T0))
                    .as("answered from the serving store's cache")
                    .isEmpty();

            // fieldnode collector config set, another process: another connection to the same file.
            DesiredConfig set;
            try (SqliteReadingStore command = SqliteReadingStore.open(dir.resolve("collector.db"))) {
                set = command.desiredConfigs().set("n1", Map.of("interval.env0", "10m"), T0.plusSeconds(5));
            }

            assertThat(configs.exchange("n1", applied(0), T0.plusSeconds(10))).contains(set);
            assertThat(configs.exchange("n1", applied(set.version()), T0.plusSeconds(20)))
                    .isEmpty();
            assertThat(configs.status("n1").orElseThrow().state()).isEqualTo("applied");
        }
    }

    @Test
    void exchange_sendsOnlyWhatIsNewerThanAppliedAndRefused() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            SqliteDesiredConfigs configs = store.desiredConfigs();
            assertThat(configs.exchange("n1", applied(0), T0))
                    .as("nothing desired yet")
                    .isEmpty();
            assertThat(configs.status("n1").orElseThrow().applied()).hasValue(0);

            DesiredConfig v1 = configs.set("n1", Map.of("interval.env0", "5m"), T0);
            assertThat(configs.exchange("n1", applied(0), T0)).contains(v1);
            assertThat(configs.exchange("n1", applied(0), T0))
                    .as("again, until the node says")
                    .contains(v1);
            assertThat(configs.exchange("n1", applied(1), T0.plusSeconds(1))).isEmpty();
            assertThat(configs.status("n1").orElseThrow().state()).isEqualTo("applied");

            DesiredConfig v2 = configs.set("n1", Map.of("interval.env9", "5m"), T0);
            assertThat(configs.exchange("n1", applied(1), T0)).contains(v2);
            ConfigReport refusal =
                    new ConfigReport(1, OptionalLong.of(2), Optional.of("interval.env9: no such sensor"));
            assertThat(configs.exchange("n1", refusal, T0.plusSeconds(2))).isEmpty();
            assertThat(configs.exchange("n1", applied(1), T0.plusSeconds(3)))
                    .as("a refused version is not sent again")
                    .isEmpty();
            ConfigStatus status = configs.status("n1").orElseThrow();
            assertThat(status.state()).isEqualTo("rejected");
            assertThat(status.rejected()).hasValue(2);
            assertThat(status.reason()).contains("interval.env9: no such sensor");
            assertThat(status.applied()).hasValue(1);

            DesiredConfig v3 = configs.set("n1", Map.of("interval.env9", ""), T0);
            assertThat(v3.version()).isEqualTo(3);
            assertThat(configs.exchange("n1", applied(1), T0)).contains(v3);
        }
    }

    @Test
    void set_aboveAVersionTheNodeReported_andNeverBeyondOneDatagram() throws Exception {
        try (SqliteReadingStore store = SqliteReadingStore.open(dir.resolve("collector.db"))) {
            SqliteDesiredConfigs configs = store.desiredConfigs();
            configs.exchange("n1", applied(41), T0); // e.g. the collector's file was restored from a backup
            assertThat(configs.set("n1", Map.of("queue.fsync", "per-record"), T0)
                            .version())
                    .isEqualTo(42);

            Map<String, String> tooMuch = new LinkedHashMap<>();
            for (int i = 0; i < 30; i++) {
                tooMuch.put("deadband.sensor-with-a-long-name-" + i + ".soil_moisture", "123456.789");
            }
            assertThatThrownBy(() -> configs.set("n1", tooMuch, T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fit one datagram");
            assertThat(configs.status("n1")
                            .orElseThrow()
                            .desired()
                            .orElseThrow()
                            .version())
                    .as("nothing changed")
                    .isEqualTo(42);
        }
    }

    @Test
    void aVersion1File_isMigratedTo2_keepingItsReadings() throws Exception {
        Path file = dir.resolve("collector.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Schema.migrate(c, file.toString(), 1);
        }
        try (SqliteReadingStore old = SqliteReadingStore.openReadOnly(file)) {
            assertThat(old.count()).as("version 1 is still readable").isZero();
        }
        try (SqliteReadingStore v1 = SqliteReadingStore.openReadOnly(file)) {
            assertThat(v1.devices()).isEmpty();
        }
        // Write a reading with the version-1 layout, then open with this code.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement()
                    .execute("INSERT INTO readings (device, sequence, name, time_us, value, unit,"
                            + " received_us) VALUES ('n1', 7, 'env0/temperature', 0, 21.5, 'Cel', 0)");
            assertThat(Schema.version(c)).isEqualTo(1);
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(file)) {
            assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(7L);
            assertThat(store.desiredConfigs()
                            .set("n1", Map.of("interval.env0", "1m"), T0)
                            .version())
                    .isEqualTo(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(Schema.version(c)).isEqualTo(Schema.VERSION);
        }
    }
}
