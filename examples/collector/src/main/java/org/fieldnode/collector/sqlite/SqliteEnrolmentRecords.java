// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.jdbc.EnrolmentTables;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * The enrolment registry's rows in {@code DIR/enrolment.db} (SQLite, WAL, {@code synchronous=FULL}; the statements
 * are {@link EnrolmentTables}', shared with the PostgreSQL store), on one
 * connection ({@link SqliteDatabase#withConnection}; several statements in one {@link SqliteDatabase#transaction}).
 * The {@code serve} process and the {@code collector enrolment} commands use the file at the same time.
 *
 * <pre>
 * credentials  psk_identity TEXT PRIMARY KEY   "enrol-" and 16 hex digits, the bundle's psk.identity
 *              device TEXT                     the label the integrator gave (bundle node.name), or a node id
 *              sealed_key BLOB                 the PSK, sealed (CredentialSeal: nonce || AES-GCM ciphertext || tag)
 *              state TEXT                      unused | used | replaced | revoked; only unused ones can handshake
 *              node_id TEXT                    the node that enrolled with it (CN of its CSR), NULL until used
 *              issued_us, used_us INTEGER      microseconds since 1970-01-01T00:00:00Z
 *              not_after_us INTEGER            (version 2) the bundle is refused after it; rows of version 1 got
 *                                              issued_us + EnrolmentRegistry.DEFAULT_BUNDLE_LIFETIME
 *
 * nodes        node_id TEXT PRIMARY KEY        CN of the node's certificates
 *              device TEXT                     the device label of the credential it enrolled with
 *              serial TEXT, not_after_us       the newest certificate issued to it: the only one accepted (R20)
 *              enrolled_us, renewed_us
 *              revoked_us INTEGER              NULL while allowed; set by revoke: no report, no re-enrolment
 * </pre>
 *
 * Schema version: {@code PRAGMA user_version} = 2; a version-1 file is migrated in one transaction when opened.
 */
public final class SqliteEnrolmentRecords extends EnrolmentTables {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "enrolment.db";

    /** Migration {@code i} takes the file from version {@code i} to {@code i + 1}, in one transaction. */
    static final Migrations MIGRATIONS = new Migrations(
            "Enrolment registry",
            List.of(
                    // 0 -> 1: the first layout.
                    List.of("""
                            CREATE TABLE IF NOT EXISTS credentials (
                                psk_identity TEXT PRIMARY KEY,
                                device TEXT NOT NULL,
                                sealed_key BLOB NOT NULL,
                                state TEXT NOT NULL,
                                node_id TEXT,
                                issued_us INTEGER NOT NULL,
                                used_us INTEGER
                            ) STRICT""", """
                            CREATE TABLE IF NOT EXISTS nodes (
                                node_id TEXT PRIMARY KEY,
                                device TEXT NOT NULL,
                                serial TEXT NOT NULL,
                                not_after_us INTEGER NOT NULL,
                                enrolled_us INTEGER NOT NULL,
                                renewed_us INTEGER,
                                revoked_us INTEGER
                            ) STRICT""", "CREATE INDEX IF NOT EXISTS credentials_by_device ON credentials (device)"),
                    // 1 -> 2: bundles expire; those issued before get the default lifetime from their issue time.
                    List.of(
                            "ALTER TABLE credentials ADD COLUMN not_after_us INTEGER",
                            "UPDATE credentials SET not_after_us = issued_us + "
                                    + EnrolmentRegistry.DEFAULT_BUNDLE_LIFETIME.toNanos() / 1000
                                    + " WHERE not_after_us IS NULL")));

    private final SqliteDatabase database;

    private SqliteEnrolmentRecords(SqliteDatabase database) {
        this.database = database;
    }

    /**
     * Opens (creating) {@code dataDir/enrolment.db}.
     *
     * @throws StoreException when the file cannot be opened or has a newer schema version
     */
    public static SqliteEnrolmentRecords open(Path dataDir) throws StoreException {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            return new SqliteEnrolmentRecords(
                    SqliteDatabase.open(file, SqliteDatabase.writing(SynchronousMode.FULL), MIGRATIONS));
        } catch (IllegalStateException e) {
            throw new StoreException(e.getMessage());
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open the enrolment registry: " + e.getMessage(), e);
        }
    }

    /**
     * The enrolment registry of {@code dataDir}: its {@code enrolment.db}, keys sealed with {@code ca}'s seal key.
     *
     * @throws StoreException when the file cannot be opened or the CA's seal key cannot be read
     */
    public static EnrolmentRegistry openRegistry(Path dataDir, CollectorCa ca) throws StoreException {
        SqliteEnrolmentRecords records = open(dataDir);
        try {
            return EnrolmentRegistry.over(records, ca);
        } catch (StoreException | RuntimeException e) {
            records.close();
            throw e;
        }
    }

    @Override
    protected <T> T transaction(String failure, Work<T> work) throws StoreException {
        return database.transaction(failure, w -> work.run(w.connection()));
    }

    @Override
    protected <T> T statements(String failure, Work<T> work) throws StoreException {
        return database.withConnection(failure, w -> work.run(w.connection()));
    }

    /** Closes the file; idempotent. */
    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return database.file().toString();
    }
}
