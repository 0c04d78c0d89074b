// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fieldnode.cli.UserError;
import org.fieldnode.collector.DesiredConfigs;
import org.fieldnode.collector.DeviceUpdates;
import org.fieldnode.collector.ReadingStore;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.SharedStoreNote;
import org.fieldnode.collector.sqlite.SqliteReadingStore;

/**
 * The store the commands beside {@code serve} work on: the data directory's {@code collector.db}, or, in a cluster
 * member's directory ({@code DIR/shared-store}, written by {@code serve --store}), the PostgreSQL store all members
 * share.
 *
 * @param store the readings
 * @param desiredConfigs the desired configurations beside them
 * @param deviceUpdates what nodes reported of their over-the-air updates, where the store keeps it
 */
record StoreFiles(ReadingStore store, DesiredConfigs desiredConfigs, Optional<DeviceUpdates> deviceUpdates)
        implements AutoCloseable {
    /** For queries only (export, devices): SQLite opened read-only. */
    static StoreFiles forQueries(Path dataDir) throws UserError, StoreException {
        Optional<PostgresLocation> shared = shared(dataDir);
        if (shared.isPresent()) {
            PostgresReadingStore store = PostgresReadingStore.open(shared.get());
            return new StoreFiles(store, store.desiredConfigs(), Optional.of(store.deviceUpdates()));
        }
        try {
            SqliteReadingStore store = SqliteReadingStore.openReadOnly(Arguments.database(dataDir));
            return new StoreFiles(store, store.desiredConfigs(), Optional.of(store.deviceUpdates()));
        } catch (StoreException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** For changes (config set): SQLite opened for writing; it must exist. */
    static StoreFiles forChanges(Path dataDir) throws UserError, StoreException {
        Optional<PostgresLocation> shared = shared(dataDir);
        if (shared.isPresent()) {
            PostgresReadingStore store = PostgresReadingStore.open(shared.get());
            return new StoreFiles(store, store.desiredConfigs(), Optional.of(store.deviceUpdates()));
        }
        Path database = Arguments.database(dataDir);
        if (!Files.isRegularFile(database)) {
            throw new UserError(database + ": no collector store here; start one with: fieldnode collector"
                    + " serve --data-dir " + dataDir);
        }
        SqliteReadingStore store = SqliteReadingStore.open(database);
        return new StoreFiles(store, store.desiredConfigs(), Optional.of(store.deviceUpdates()));
    }

    /** True when {@code dataDir} has a store to read: its SQLite file or a shared store. */
    static boolean exists(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve(SharedStoreNote.FILE_NAME))
                || Files.exists(Arguments.database(dataDir));
    }

    private static Optional<PostgresLocation> shared(Path dataDir) throws UserError {
        try {
            return SharedStoreNote.read(dataDir);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(dataDir.resolve(SharedStoreNote.FILE_NAME) + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
