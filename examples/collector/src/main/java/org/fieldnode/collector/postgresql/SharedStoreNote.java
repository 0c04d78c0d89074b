// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.security.store.KeystoreException;

/**
 * {@code DIR/shared-store}: where a cluster member's data directory keeps its readings and registry, so that the
 * {@code collector enrolment} commands run on a member's directory work on the registry all members share. {@code
 * serve --store} writes it: the store URL and the path of the credentials file, never a password.
 */
public final class SharedStoreNote {
    /** The file name in the data directory. */
    public static final String FILE_NAME = "shared-store";

    private SharedStoreNote() {}

    /** Notes {@code location} (and where its credentials are, if in a file) in {@code dataDir}. */
    public static void write(Path dataDir, PostgresLocation location, Optional<Path> credentials) throws IOException {
        StringBuilder text = new StringBuilder("url=").append(location.url()).append('\n');
        credentials.ifPresent(file ->
                text.append("credentials=").append(file.toAbsolutePath()).append('\n'));
        Files.writeString(dataDir.resolve(FILE_NAME), text);
    }

    /** The URL of the store noted in {@code dataDir}, if any; nothing else is read. */
    public static Optional<String> notedUrl(Path dataDir) throws StoreException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties note = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            note.load(reader);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read: " + e.getMessage(), e);
        }
        return Optional.ofNullable(note.getProperty("url"));
    }

    /** The store noted in {@code dataDir}, if any. */
    public static Optional<PostgresLocation> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties note = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            note.load(reader);
        }
        return Optional.of(PostgresLocation.of(
                note.getProperty("url", ""),
                Optional.ofNullable(note.getProperty("credentials")).map(Path::of),
                System.getenv()));
    }

    /**
     * The cluster's CA and enrolment registry for the member whose data directory is {@code dataDir}; closing the
     * registry closes the connection.
     */
    public static Shared open(PostgresLocation location, Path dataDir) throws StoreException, KeystoreException {
        PostgresReadingStore store = PostgresReadingStore.open(location);
        try {
            CollectorCa ca = ClusterCa.open(store, dataDir, Instant.now());
            return new Shared(ca, EnrolmentRegistry.over(new PostgresEnrolmentRecords(store.database(), true), ca));
        } catch (StoreException | KeystoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The shared CA and registry. */
    public record Shared(CollectorCa ca, EnrolmentRegistry registry) {}
}
