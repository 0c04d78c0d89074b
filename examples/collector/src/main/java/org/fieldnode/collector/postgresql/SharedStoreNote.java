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

    /** The URL of the store noted in {@code dataDir}, if any; no credentials are read. */
    public static Optional<String> notedUrl(Path dataDir) throws StoreException {
        try {
            return load(dataDir).map(note -> note.getProperty("url"));
        } catch (IOException e) {
            throw new StoreException(dataDir.resolve(FILE_NAME) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The store noted in {@code dataDir}, if any. */
    public static Optional<PostgresLocation> read(Path dataDir) throws IOException {
        return load(dataDir)
                .map(note -> PostgresLocation.of(
                        note.getProperty("url", ""),
                        Optional.ofNullable(note.getProperty("credentials")).map(Path::of),
                        System.getenv()));
    }

    private static Optional<Properties> load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties note = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            note.load(reader);
        }
        return Optional.of(note);
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
