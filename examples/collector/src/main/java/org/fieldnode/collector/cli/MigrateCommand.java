// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.postgresql.ClusterCa;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.SqliteImport;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.security.store.KeystoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fieldnode collector migrate}: copies a SQLite collector into a PostgreSQL store (SCALING.md, "from one
 * collector to a cluster"), idempotently, and ends with the counts.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Copy a SQLite collector (DIR/collector.db, DIR/enrolment.db and its CA) into a PostgreSQL store that",
            "collectors of a cluster share. Idempotent: what the store holds already stays, so running it again",
            "copies only what is new. Stop the SQLite collector's serve first (or run migrate again after).",
            "The CA's encrypted keystore goes into the store; its wrapping key, DIR/ca/wrapping.key, does not:",
            "copy it to each member's data directory (mode 0600) before starting the member.",
            "Ends with one line:",
            "  migrate: from=DIR to=URL readings=N new_readings=N devices=N credentials=N nodes=N configs=N"
                    + " ca=copied|same|none"
                    + " store_readings=N updates=N altered_text=N",
            "(altered_text: rows written by this run whose string value or reason held a NUL character, which",
            "PostgreSQL cannot store, replaced with U+FFFD; a NUL anywhere else stops the copy, saying where)",
            "Exit codes: 0 copied, 1 failure, 2 bad option."
        })
final class MigrateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            required = true,
            description = "The SQLite collector's data directory.")
    private Path from;

    @Option(
            names = "--to",
            paramLabel = "URL",
            required = true,
            description =
                    "postgresql://HOST[:PORT]/DATABASE (credentials from --store-credentials or PGUSER/PGPASSWORD).")
    private String to;

    @Option(
            names = "--store-credentials",
            paramLabel = "FILE",
            description = "A file of mode 0600 with user=NAME and password=SECRET lines.")
    private Path credentials;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return migrate(out);
        } catch (UserError e) {
            err.println("fieldnode collector migrate: " + e.getMessage());
            return 2;
        } catch (StoreException | KeystoreException e) {
            err.println("fieldnode collector migrate: failed: " + e.getMessage());
            return 1;
        }
    }

    private int migrate(PrintWriter out) throws UserError, StoreException, KeystoreException {
        if (!Files.isRegularFile(from.resolve(SqliteReadingStore.FILE_NAME))) {
            throw new UserError(from + " holds no SQLite collector (no " + SqliteReadingStore.FILE_NAME + ")");
        }
        PostgresLocation location;
        try {
            location = PostgresLocation.of(to, Optional.ofNullable(credentials), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new UserError("--to: " + e.getMessage());
        }
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            boolean hasCa = Files.isRegularFile(CollectorCa.keystoreFile(from));
            boolean caCopied = hasCa && ClusterCa.share(store, from, Instant.now());
            SqliteImport.Counts counts = SqliteImport.copy(from, store);
            if (hasCa) {
                out.println("migrate: the database holds the CA's encrypted keystore, not its key: copy "
                        + CollectorCa.wrappingKeyFile(from).toAbsolutePath() + " to ca/wrapping.key in every member's"
                        + " data directory (owned by the service user, mode 0600) before starting it");
            }
            out.println("migrate: from=" + from.toAbsolutePath() + " to=" + location.url() + " readings="
                    + counts.source().getOrDefault("readings", 0L) + " new_readings="
                    + counts.added().getOrDefault("readings", 0L) + " devices="
                    + counts.source().getOrDefault("devices", 0L) + " credentials="
                    + counts.source().getOrDefault("credentials", 0L) + " nodes="
                    + counts.source().getOrDefault("nodes", 0L) + " configs="
                    + counts.source().getOrDefault("device_config", 0L) + " ca="
                    + (caCopied ? "copied" : hasCa ? "same" : "none")
                    + " store_readings=" + store.count() + " updates="
                    + counts.source().getOrDefault("device_update", 0L) + " altered_text=" + counts.alteredText());
            out.flush();
            return 0;
        }
    }
}
