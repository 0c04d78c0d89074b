// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.security.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrolment registry's rows in a real {@code enrolment.db}: transactions, and files of older and newer versions. */
class SqliteEnrolmentRecordsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final NodeId NODE = new NodeId("fieldnode-0123456789abcdef");
    private static final byte[] SEALED = {1, 2, 3};

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SqliteEnrolmentRecords.FILE_NAME);
    }

    @Test
    void addCredential_replacesTheDevicesEarlierUnusedOne() throws Exception {
        try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dir)) {
            assertThat(records.addCredential("enrol-01", "soil-01", SEALED, T0, T0.plusSeconds(60)))
                    .isZero();
            assertThat(records.addCredential("enrol-02", "soil-01", SEALED, T0, T0.plusSeconds(60)))
                    .isEqualTo(1);

            assertThat(records.credentials())
                    .extracting(Credential::identity, Credential::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("enrol-01", "replaced"),
                            org.assertj.core.groups.Tuple.tuple("enrol-02", "unused"));
            assertThat(records.sealedKey("enrol-02"))
                    .hasValueSatisfying(k -> assertThat(k).isEqualTo(SEALED));
            assertThat(records.sealedKey("enrol-03")).isEmpty();
        }
    }

    /** A revoked node cannot enrol again (R17): its new credential's use is rolled back and the credential stays. */
    @Test
    void completeEnrolment_ofARevokedNode_changesNothing() throws Exception {
        try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dir)) {
            records.addCredential("enrol-01", "soil-01", SEALED, T0, T0.plusSeconds(60));
            assertThat(records.completeEnrolment("enrol-01", NODE, "0a", T0.plusSeconds(3600), T0))
                    .isTrue();
            assertThat(records.completeEnrolment("enrol-01", NODE, "0b", T0.plusSeconds(3600), T0))
                    .as("used already")
                    .isFalse();
            assertThat(records.revoke(NODE.value(), T0)).isEqualTo(1);
            records.addCredential("enrol-02", "soil-02", SEALED, T0, T0.plusSeconds(60));

            assertThat(records.completeEnrolment("enrol-02", NODE, "0c", T0.plusSeconds(3600), T0))
                    .isFalse();
            assertThat(records.credential("enrol-02"))
                    .hasValueSatisfying(c -> assertThat(c.state()).isEqualTo("unused"));
            assertThat(records.node(NODE)).hasValueSatisfying(n -> {
                assertThat(n.serial()).isEqualTo("0a");
                assertThat(n.isRevoked()).isTrue();
            });
        }
    }

    /** Bundles issued before they could expire get the default lifetime from their issue time (schema 1 to 2). */
    @Test
    void aVersion1File_isMigratedTo2_givingOldBundlesTheDefaultLifetime() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
            SqliteEnrolmentRecords.MIGRATIONS.migrate(c, file().toString(), 1);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO credentials (psk_identity, device, sealed_key, state, issued_us)"
                        + " VALUES ('enrol-01', 'soil-01', x'010203', 'unused', " + Columns.micros(T0) + ")");
            }
        }
        try (SqliteEnrolmentRecords records = SqliteEnrolmentRecords.open(dir)) {
            assertThat(records.credential("enrol-01").orElseThrow().notAfter())
                    .isEqualTo(T0.plus(EnrolmentRegistry.DEFAULT_BUNDLE_LIFETIME));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
            assertThat(Migrations.version(c)).isEqualTo(2);
        }
    }

    @Test
    void aFileOfANewerVersion_isRefusedAndLeftAlone() throws Exception {
        SqliteEnrolmentRecords.open(dir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 3");
        }

        assertThatThrownBy(() -> SqliteEnrolmentRecords.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessage(file() + " has schema version 3; this collector knows up to 2: run a newer fieldnode");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file())) {
            assertThat(Migrations.version(c)).isEqualTo(3);
        }
    }
}
