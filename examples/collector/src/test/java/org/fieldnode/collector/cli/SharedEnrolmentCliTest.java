// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import picocli.CommandLine;

/**
 * The {@code collector enrolment} commands on a cluster member's data directory (one that {@code serve --store}
 * noted its shared store in) work on the registry every member shares: a bundle issued through one member's
 * directory is revoked through another's.
 */
@ResourceLock("postgresql")
class SharedEnrolmentCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CollectorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void issuedThroughOneMembersDirectory_revokedThroughAnothers() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Optional<Path> credentials = Optional.of(Path.of(System.getenv("FIELDNODE_TEST_POSTGRES_CREDENTIALS")));
        Path first = Files.createDirectories(dir.resolve("member-0"));
        Path second = Files.createDirectories(dir.resolve("member-1"));
        SharedStoreNote.write(first, location, credentials);
        SharedStoreNote.write(second, location, credentials);

        assertThat(run(
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
                .as(err.toString())
                .isZero();
        assertThat(run("collector", "enrolment", "revoke", "pump-9", "--data-dir", second.toString()))
                .as(err.toString())
                .isZero();

        try (PostgresReadingStore store = PostgresReadingStore.open(location);
                EnrolmentRecords records = store.enrolmentRecords()) {
            assertThat(records.credentials())
                    .extracting(EnrolmentRegistry.Credential::device, EnrolmentRegistry.Credential::state)
                    .containsExactly(tuple("pump-9", "revoked"));
        }
        assertThat(Files.readString(first.resolve(SharedStoreNote.FILE_NAME))).doesNotContain("password");
    }
}
