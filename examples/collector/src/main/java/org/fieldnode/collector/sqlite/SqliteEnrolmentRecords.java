// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.sqlite;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.EnrolmentRegistry.NodeRecord;
import org.fieldnode.security.identity.NodeId;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * The enrolment registry's rows in {@code DIR/enrolment.db} (SQLite, WAL, {@code synchronous=FULL}), on one
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
public final class SqliteEnrolmentRecords implements EnrolmentRecords {
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

    private static final String CREDENTIAL_COLUMNS = "psk_identity, device, state, node_id, not_after_us";
    private static final String NODE_COLUMNS = "node_id, device, serial, not_after_us, enrolled_us, revoked_us";

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
    public int addCredential(String identity, String device, byte[] sealedKey, Instant issued, Instant notAfter)
            throws StoreException {
        return database.transaction("cannot issue a credential", w -> {
            int replaced;
            try (PreparedStatement replace = w.connection()
                    .prepareStatement(
                            "UPDATE credentials SET state = 'replaced' WHERE device = ? AND state = 'unused'")) {
                replace.setString(1, device);
                replaced = replace.executeUpdate();
            }
            try (PreparedStatement insert = w.connection()
                    .prepareStatement(
                            "INSERT INTO credentials (psk_identity, device, sealed_key, state, issued_us, not_after_us)"
                                    + " VALUES (?, ?, ?, 'unused', ?, ?)")) {
                insert.setString(1, identity);
                insert.setString(2, device);
                insert.setBytes(3, sealedKey);
                insert.setLong(4, Columns.micros(issued));
                insert.setLong(5, Columns.micros(notAfter));
                insert.executeUpdate();
            }
            return replaced;
        });
    }

    @Override
    public void voidCredential(String identity) throws StoreException {
        update(
                "cannot void a credential",
                "UPDATE credentials SET state = 'replaced' WHERE psk_identity = ? AND state = 'unused'",
                identity);
    }

    @Override
    public Optional<Credential> credential(String identity) throws StoreException {
        return rows(
                        "cannot read a credential",
                        "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE psk_identity = ?",
                        identity,
                        SqliteEnrolmentRecords::credential)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<byte[]> sealedKey(String identity) throws StoreException {
        return rows(
                        "cannot read a credential",
                        "SELECT sealed_key FROM credentials WHERE psk_identity = ?",
                        identity,
                        rs -> rs.getBytes(1))
                .stream()
                .findFirst();
    }

    @Override
    public boolean completeEnrolment(String identity, NodeId nodeId, String serial, Instant notAfter, Instant now)
            throws StoreException {
        return database.transaction("cannot record an enrolment", w -> {
            try (PreparedStatement use = w.connection()
                            .prepareStatement("UPDATE credentials SET state = 'used', node_id = ?, used_us = ?"
                                    + " WHERE psk_identity = ? AND state = 'unused'");
                    PreparedStatement node = w.connection().prepareStatement("""
                            INSERT INTO nodes (node_id, device, serial, not_after_us, enrolled_us)
                            SELECT ?, device, ?, ?, ? FROM credentials WHERE psk_identity = ?
                            ON CONFLICT (node_id) DO UPDATE SET device = excluded.device, serial = excluded.serial,
                                not_after_us = excluded.not_after_us, enrolled_us = excluded.enrolled_us
                            WHERE nodes.revoked_us IS NULL""")) {
                use.setString(1, nodeId.value());
                use.setLong(2, Columns.micros(now));
                use.setString(3, identity);
                if (use.executeUpdate() != 1) {
                    w.rollbackOnly();
                    return false;
                }
                node.setString(1, nodeId.value());
                node.setString(2, serial);
                node.setLong(3, Columns.micros(notAfter));
                node.setLong(4, Columns.micros(now));
                node.setString(5, identity);
                if (node.executeUpdate() != 1) {
                    w.rollbackOnly(); // a revoked node: the credential stays unused
                    return false;
                }
                return true;
            }
        });
    }

    @Override
    public boolean recordRenewal(NodeId nodeId, String supersedes, String serial, Instant notAfter, Instant now)
            throws StoreException {
        return database.withConnection("cannot record a renewal", w -> {
            try (PreparedStatement q = w.connection()
                    .prepareStatement("UPDATE nodes SET serial = ?, not_after_us = ?, renewed_us = ?"
                            + " WHERE node_id = ? AND revoked_us IS NULL AND serial = ?")) {
                q.setString(1, serial);
                q.setLong(2, Columns.micros(notAfter));
                q.setLong(3, Columns.micros(now));
                q.setString(4, nodeId.value());
                q.setString(5, supersedes);
                return q.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<NodeRecord> node(NodeId nodeId) throws StoreException {
        return nodes("WHERE node_id = ?", nodeId.value()).stream().findFirst();
    }

    @Override
    public List<NodeRecord> nodes() throws StoreException {
        return nodes("ORDER BY node_id", null);
    }

    private List<NodeRecord> nodes(String where, String argument) throws StoreException {
        return rows(
                "cannot read nodes",
                "SELECT " + NODE_COLUMNS + " FROM nodes " + where,
                argument,
                SqliteEnrolmentRecords::node);
    }

    @Override
    public List<Credential> credentials() throws StoreException {
        return rows(
                "cannot read credentials",
                "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials ORDER BY issued_us, psk_identity",
                null,
                SqliteEnrolmentRecords::credential);
    }

    @Override
    public boolean hasUnusedBundle(String name) throws StoreException {
        return exists(
                "cannot look up " + name,
                "SELECT 1 FROM credentials WHERE device = ? AND state = 'unused' LIMIT 1",
                name,
                1);
    }

    @Override
    public int revoke(String device, Instant now) throws StoreException {
        return database.transaction("cannot revoke " + device, w -> {
            try (PreparedStatement nodes = w.connection()
                            .prepareStatement("UPDATE nodes SET revoked_us = ?"
                                    + " WHERE (node_id = ? OR device = ?) AND revoked_us IS NULL");
                    PreparedStatement credentials = w.connection()
                            .prepareStatement(
                                    "UPDATE credentials SET state = 'revoked' WHERE (device = ? OR node_id = ?)"
                                            + " AND state = 'unused'")) {
                nodes.setLong(1, Columns.micros(now));
                nodes.setString(2, device);
                nodes.setString(3, device);
                int count = nodes.executeUpdate();
                credentials.setString(1, device);
                credentials.setString(2, device);
                return count + credentials.executeUpdate();
            }
        });
    }

    @Override
    public boolean knows(String device) throws StoreException {
        return exists(
                "cannot look up " + device,
                "SELECT 1 FROM nodes WHERE node_id = ? OR device = ? UNION ALL"
                        + " SELECT 1 FROM credentials WHERE device = ? OR node_id = ? LIMIT 1",
                device,
                4);
    }

    /** Runs {@code sql} with {@code argument}; true when it gave a row. */
    private boolean exists(String failure, String sql, String argument, int times) throws StoreException {
        return database.withConnection(failure, w -> {
            try (PreparedStatement q = w.connection().prepareStatement(sql)) {
                for (int i = 1; i <= times; i++) {
                    q.setString(i, argument);
                }
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private void update(String failure, String sql, String argument) throws StoreException {
        database.withConnection(failure, w -> {
            try (PreparedStatement q = w.connection().prepareStatement(sql)) {
                q.setString(1, argument);
                return q.executeUpdate();
            }
        });
    }

    /** One row of a query as a value. */
    @FunctionalInterface
    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** The rows {@code sql} gives with {@code argument} (none when null), each made by {@code row}. */
    private <T> List<T> rows(String failure, String sql, String argument, Row<T> row) throws StoreException {
        return database.withConnection(failure, w -> {
            try (PreparedStatement q = w.connection().prepareStatement(sql)) {
                if (argument != null) {
                    q.setString(1, argument);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.of(rs));
                    }
                }
                return out;
            }
        });
    }

    /** A row of {@link #CREDENTIAL_COLUMNS}. */
    private static Credential credential(ResultSet rs) throws SQLException {
        String node = rs.getString(4);
        return new Credential(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Optional.ofNullable(node).map(NodeId::new),
                Columns.instant(rs.getLong(5)));
    }

    /** A row of {@link #NODE_COLUMNS}. */
    private static NodeRecord node(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(6);
        boolean isRevoked = !rs.wasNull();
        return new NodeRecord(
                new NodeId(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                Columns.instant(rs.getLong(4)),
                Columns.instant(rs.getLong(5)),
                isRevoked ? Optional.of(Columns.instant(revoked)) : Optional.empty());
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
