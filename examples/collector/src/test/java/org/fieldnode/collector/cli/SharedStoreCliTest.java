// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.postgresql.ClusterCa;
import org.fieldnode.collector.postgresql.ClusterKeys;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.fieldnode.protocol.update.UpdateReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The commands beside {@code serve} on a cluster member's data directory (one that {@code serve --store} noted its
 * shared store in) work on the store every member shares: a bundle issued through one member's directory is revoked
 * through another's; a configuration set through one is shown through another; export and devices read the shared
 * readings.
 */
@ResourceLock("postgresql")
class SharedStoreCliTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void issuedThroughOneMembersDirectory_revokedThroughAnothers() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Optional<Path> credentials = Optional.of(Path.of(System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS")));
        Path first = Files.createDirectories(dir.resolve("member-0"));
        Path second = Files.createDirectories(dir.resolve("member-1"));
        SharedStoreNote.write(first, location, credentials);
        SharedStoreNote.write(second, location, credentials);

        assertThat(cli.run(
                        "collector",
                        "enrolment",
                        "issue",
                        "pump-9",
                        "--out",
                        dir.resolve("pump-9.txt").toString(),
                        "--allow-loopback",
                        "--collector",
                        "coaps://127.0.0.1:5684",
                        "--data-dir",
                        first.toString()))
                .as(cli.err.toString())
                .isZero();
        ClusterKeys.copy(first, second);
        assertThat(cli.run("collector", "enrolment", "revoke", "pump-9", "--data-dir", second.toString()))
                .as(cli.err.toString())
                .isZero();

        try (PostgresReadingStore store = PostgresReadingStore.open(location);
                EnrolmentRecords records = store.enrolmentRecords()) {
            assertThat(records.credentials())
                    .extracting(EnrolmentRegistry.Credential::device, EnrolmentRegistry.Credential::state)
                    .containsExactly(tuple("pump-9", "revoked"));
        }
        assertThat(Files.readString(first.resolve(SharedStoreNote.FILE_NAME))).doesNotContain("password");

        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            store.storeNew(
                    "well-2",
                    Instant.parse("2026-12-01T07:00:00Z"),
                    List.of(new StoredReading(
                            "well-2", "env0/temperature", 12.5, "Cel", Instant.parse("2026-12-01T06:59:00Z"), 0)));
            // What a member recorded of the node's update, as serve does for a report.
            store.deviceUpdates()
                    .reported(
                            "well-2",
                            new UpdateReports.Reported(3, "trial", 4, 4096, ""),
                            Instant.parse("2026-12-01T07:00:00Z"));
        }
        assertThat(cli.run(
                        "collector",
                        "config",
                        "set",
                        "--data-dir",
                        first.toString(),
                        "well-2",
                        "queue.fsync=per-batch"))
                .as(cli.err.toString())
                .isZero();
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("collector", "config", "show", "--data-dir", second.toString(), "well-2"))
                .isZero();
        assertThat(cli.out.toString()).contains("desired_version=1");
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("collector", "export", "--data-dir", second.toString(), "--format", "csv"))
                .as(cli.err.toString())
                .isZero();
        assertThat(cli.out.toString()).contains("well-2").contains("12.5");
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("collector", "devices", "--data-dir", first.toString(), "--format", "kv"))
                .as(cli.err.toString())
                .isZero();
        assertThat(cli.out.toString()).contains("well-2").contains("release=3 update=trial:4");
    }

    @Test
    void aMemberWithoutTheClustersWrappingKey_isNotServed_andToldWhichFileToCopy() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        String credentials = System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS");
        Path first = Files.createDirectories(dir.resolve("member-0"));
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            ClusterCa.open(store, first, Instant.now()); // the first member made the cluster's CA
        }
        Path second = Files.createDirectories(dir.resolve("member-1"));

        assertThat(cli.run(
                        "collector",
                        "serve",
                        "--data-dir",
                        second.toString(),
                        "--bind",
                        "127.0.0.1:0",
                        "--store",
                        location.url(),
                        "--store-credentials",
                        credentials))
                .as(cli.err.toString())
                .isEqualTo(2);
        assertThat(cli.err.toString())
                .contains(second.resolve("ca").resolve("wrapping.key").toString())
                .contains("copy the file ca/wrapping.key")
                .doesNotContain("Exception");
        assertThat(second.resolve("ca").resolve("wrapping.key")).doesNotExist();
    }
}
