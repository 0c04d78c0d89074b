// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.PskDirectory;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.IdentityNamespace;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.security.store.KeystoreException;
import org.tinylog.Logger;

/**
 * The CA and enrolment registry of a data directory, as the {@code enrolment} commands open them beside a running
 * {@code serve} (the registry is SQLite; the CA keystore is only read once it exists), and the collector URI that
 * {@code serve} notes there for new bundles.
 */
record EnrolmentFiles(CollectorCa ca, EnrolmentRegistry registry, Path dataDir) {
    /** Where {@code serve} notes the collector URI it listens on, the default for bundles. */
    static final String COLLECTOR_URI_FILE = "collector.uri";

    /** Opens (creating on first use) the CA and registry of {@code dataDir}; the caller closes the registry. */
    static EnrolmentFiles open(Path dataDir) throws UserError, IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new UserError("no collector data directory " + dataDir + "; give --data-dir DIR");
        }
        try {
            Optional<PostgresLocation> shared = SharedStoreNote.read(dataDir);
            if (shared.isPresent()) { // a cluster member's directory: the registry all members share
                SharedStoreNote.Shared cluster = SharedStoreNote.open(shared.get(), dataDir);
                return new EnrolmentFiles(cluster.ca(), cluster.registry(), dataDir);
            }
            CollectorCa ca = CollectorCa.openOrCreate(dataDir, Instant.now());
            return new EnrolmentFiles(ca, SqliteEnrolmentRecords.openRegistry(dataDir, ca), dataDir);
        } catch (KeystoreException e) {
            throw new IOException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(dataDir.resolve(SharedStoreNote.FILE_NAME) + ": " + e.getMessage());
        }
    }

    /** Where the commands record security events: the data directory's event file. */
    CollectorEvents events() {
        return CollectorEvents.fileIn(dataDir);
    }

    /**
     * Issues bundles checked against the one identity namespace (R8): this registry and the PSK nodes of {@code
     * DATA/psk-directory}, when there is one.
     */
    ProvisioningBundles bundles() throws UserError {
        Path file = dataDir.resolve(PskDirectoryFile.FILE_NAME);
        PskDirectory pskNodes = name -> Optional.empty();
        if (Files.exists(file)) {
            try {
                pskNodes = PskDirectoryFile.read(file);
            } catch (PskDirectoryException e) {
                throw new UserError(e.getMessage());
            }
        }
        return new ProvisioningBundles(registry, ca, new IdentityNamespace(registry, pskNodes), events());
    }

    /** Written by {@code serve}: {@code coaps://NAME:PORT}, the default collector of new bundles. */
    static void saveCollectorUri(Path dataDir, String name, int port) {
        String host = name.contains(":") ? "[" + name + "]" : name;
        try {
            Files.writeString(dataDir.resolve(COLLECTOR_URI_FILE), "coaps://" + host + ":" + port + "\n");
        } catch (IOException e) {
            Logger.warn("Cannot note the collector URI in {}: {}", dataDir, e.getMessage());
        }
    }

    /** {@code --collector}, else the URI {@code serve} noted in {@code dataDir}. */
    static URI collectorUri(String collector, Path dataDir) throws UserError {
        String text = collector;
        if (text == null) {
            Path noted = dataDir.resolve(COLLECTOR_URI_FILE);
            try {
                text = Files.isRegularFile(noted)
                        ? Files.readString(noted, StandardCharsets.US_ASCII).strip()
                        : null;
            } catch (IOException e) {
                text = null;
            }
        }
        if (text == null) {
            throw new UserError("no collector URI: give --collector coaps://HOST:PORT (or run serve once first)");
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new UserError("--collector expects coaps://HOST[:PORT], got '" + text + "'");
        }
    }
}
