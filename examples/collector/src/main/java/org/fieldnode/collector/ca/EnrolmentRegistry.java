// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.fieldnode.collector.StoreException;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.KeystoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.tinylog.Logger;

/**
 * The CA's records in {@code DIR/enrolment.db} (SQLite, WAL, {@code synchronous=FULL}): one-time enrolment
 * credentials, enrolled nodes and revocations (SECURITY R4, R17). The {@code serve} process and the {@code
 * collector enrol} commands use the file at the same time; every change is one transaction.
 *
 * <pre>
 * credentials  psk_identity TEXT PRIMARY KEY   "enrol-" and 16 hex digits, the bundle's psk.identity
 *              device TEXT                     the label the integrator gave (bundle node.name), or a node id
 *              sealed_key BLOB                 the PSK, sealed (CredentialSeal: nonce || AES-GCM ciphertext || tag)
 *              state TEXT                      unused | used | replaced | revoked; only unused ones can handshake
 *              node_id TEXT                    the node that enrolled with it (CN of its CSR), NULL until used
 *              issued_us, used_us INTEGER      microseconds since 1970-01-01T00:00:00Z
 *              not_after_us INTEGER            (version 2) the bundle is refused after it; rows of version 1 got
 *                                              issued_us + {@link #DEFAULT_BUNDLE_LIFETIME}
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
public final class EnrolmentRegistry implements AutoCloseable {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "enrolment.db";

    /** How long a bundle can enrol by default (and what bundles issued before expiry existed were given). */
    public static final Duration DEFAULT_BUNDLE_LIFETIME = Duration.ofDays(30);

    /** How every enrolment credential's PSK identity begins: kept out of {@code psk-directory} (SECURITY R8). */
    public static final String CREDENTIAL_PREFIX = "enrol-";

    /** The schema version this code reads and writes. */
    static final int VERSION = 2;

    /** Bytes of a new enrolment PSK (RFC 7925 §4.2 asks for at least 16 of entropy). */
    static final int KEY_BYTES = 32;

    private static final int BUSY_TIMEOUT_MS = 5_000;

    /**
     * What a credential row says (never the key).
     *
     * @param state unused, used, replaced or revoked; an unused one past {@code notAfter} has expired
     */
    public record Credential(String identity, String device, String state, Optional<NodeId> nodeId, Instant notAfter) {
        /** True when this credential can enrol at {@code now}: unused and not expired. */
        public boolean canEnrolAt(Instant now) {
            return state.equals("unused") && now.isBefore(notAfter);
        }

        /**
         * Why this credential cannot enrol at {@code now}, as the one sentence its node logs (SECURITY R36: nothing
         * internal), or empty when it can.
         */
        public Optional<String> refusalAt(Instant now) {
            return switch (state) {
                case "used" -> Optional.of("this bundle was already used: ask for a new one");
                case "revoked" -> Optional.of("this bundle was revoked: ask for a new one");
                case "replaced" ->
                    Optional.of("this bundle was replaced by a newer one for the same device: use that one");
                default ->
                    now.isBefore(notAfter)
                            ? Optional.empty()
                            : Optional.of("this bundle expired on " + notAfter.truncatedTo(ChronoUnit.SECONDS)
                                    + ": ask for a new one");
            };
        }
    }

    /** What a node row says. */
    public record NodeRecord(
            NodeId nodeId,
            String device,
            String serial,
            Instant notAfter,
            Instant enrolled,
            Optional<Instant> revoked) {
        public boolean isRevoked() {
            return revoked.isPresent();
        }
    }

    private final Path file;
    private final Connection connection;
    private final CredentialSeal seal;
    private volatile Consumer<String> integrityFailures = what -> {};

    private EnrolmentRegistry(Path file, Connection connection, CredentialSeal seal) {
        this.file = file;
        this.connection = connection;
        this.seal = seal;
    }

    /**
     * Opens (creating) {@code dataDir/enrolment.db}, sealing keys with {@code ca}'s seal key.
     *
     * @throws StoreException when the file cannot be opened or has another schema version
     */
    public static EnrolmentRegistry open(Path dataDir, CollectorCa ca) throws StoreException {
        Path file = dataDir.resolve(FILE_NAME);
        byte[] key;
        try {
            key = ca.sealKey();
        } catch (KeystoreException e) {
            throw new StoreException(e.getMessage());
        }
        CredentialSeal seal = new CredentialSeal(key);
        Arrays.fill(key, (byte) 0);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(JournalMode.WAL);
        config.setSynchronous(SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + file);
            migrate(c, file);
            return new EnrolmentRegistry(file, c, seal);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(file + ": cannot open the enrolment registry: " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection c, Path file) throws SQLException, StoreException {
        int version;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > VERSION) {
            throw new StoreException(file + " has schema version " + version + "; this collector knows up to " + VERSION
                    + ": run a newer fieldnode");
        }
        for (int from = version; from < VERSION; from++) {
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                for (String sql : MIGRATIONS.get(from)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (from + 1));
                s.execute("COMMIT");
            } catch (SQLException e) {
                rollbackQuietly(c);
                throw e;
            }
            if (from > 0) {
                Logger.info("Enrolment registry {} migrated to schema version {}", file, from + 1);
            }
        }
    }

    /** Migration {@code i} takes the file from version {@code i} to {@code i + 1}, in one transaction. */
    private static final List<List<String>> MIGRATIONS = List.of(
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
                            + DEFAULT_BUNDLE_LIFETIME.toNanos() / 1000
                            + " WHERE not_after_us IS NULL"));

    /**
     * Makes a new one-time credential for {@code device}: a random identity and key, kept sealed and unused.
     * Earlier unused credentials of the same device are marked replaced (a re-issued bundle voids the old one).
     *
     * @return the credential, for the bundle; the caller destroys it after writing the bundle
     */
    public synchronized PskCredential issueCredential(String device, Instant now, Instant notAfter)
            throws StoreException {
        Objects.requireNonNull(device, "device");
        if (!notAfter.isAfter(now)) {
            throw new IllegalArgumentException("a bundle must be valid for some time, got not-after " + notAfter);
        }
        byte[] id = new byte[8];
        byte[] secret = new byte[KEY_BYTES];
        NodeId.nonBlockingRandom().nextBytes(id);
        NodeId.nonBlockingRandom().nextBytes(secret);
        String identity = CREDENTIAL_PREFIX + HexFormat.of().formatHex(id);
        try {
            begin();
            try (PreparedStatement replace = connection.prepareStatement(
                            "UPDATE credentials SET state = 'replaced' WHERE device = ? AND state = 'unused'");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO credentials (psk_identity, device, sealed_key, state, issued_us, not_after_us)"
                                    + " VALUES (?, ?, ?, 'unused', ?, ?)")) {
                replace.setString(1, device);
                int replaced = replace.executeUpdate();
                insert.setString(1, identity);
                insert.setString(2, device);
                insert.setBytes(3, seal.seal(identity, secret));
                insert.setLong(4, micros(now));
                insert.setLong(5, micros(notAfter));
                insert.executeUpdate();
                commit();
                if (replaced > 0) {
                    Logger.info(
                            "Enrolment credential of {} re-issued; {} older unused one(s) voided", device, replaced);
                }
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
            return new PskCredential(identity, secret);
        } catch (SQLException e) {
            throw failure("issue a credential", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Marks {@code identity} replaced if it is still unused (its bundle could not be written). */
    public synchronized void voidCredential(String identity) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement(
                "UPDATE credentials SET state = 'replaced' WHERE psk_identity = ? AND state = 'unused'")) {
            q.setString(1, identity);
            q.executeUpdate();
        } catch (SQLException e) {
            throw failure("void a credential", e);
        }
    }

    /** The credential row of {@code identity}, whatever its state. */
    public synchronized Optional<Credential> credential(String identity) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT psk_identity, device, state, node_id, not_after_us FROM credentials WHERE psk_identity = ?")) {
            q.setString(1, identity);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(credentialOf(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read a credential", e);
        }
    }

    private static Credential credentialOf(ResultSet rs) throws SQLException {
        String node = rs.getString(4);
        return new Credential(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Optional.ofNullable(node).map(NodeId::new),
                instant(rs.getLong(5)));
    }

    /**
     * The key of {@code identity}, whatever its state, for the DTLS handshake: a used, replaced, revoked or expired
     * credential still completes a handshake, so that its node can be told in one sentence why EST refuses it
     * (the session may use EST only, and EST refuses it: SECURITY R3, R4). An identity never issued has no key.
     */
    public synchronized Optional<PskCredential> credentialKey(String identity) throws StoreException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT sealed_key FROM credentials WHERE psk_identity = ?")) {
            q.setString(1, identity);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] secret = seal.open(identity, rs.getBytes(1));
                try {
                    return Optional.of(new PskCredential(identity, secret));
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
        } catch (SQLException e) {
            throw failure("read a credential", e);
        } catch (GeneralSecurityException e) {
            Logger.error("Enrolment credential {} in {} does not open with this CA's seal key", identity, file);
            integrityFailures.accept(
                    "enrolment credential " + identity + " in " + file + " does not open with this CA's seal key");
            return Optional.empty();
        }
    }

    /**
     * Marks {@code identity} used by {@code nodeId} and records the node with its first certificate, in one
     * transaction. Fails when the credential was used meanwhile (two racing {@code /sen}), so a credential
     * yields at most one certificate.
     *
     * @return false when the credential is no longer unused (nothing changed)
     */
    public synchronized boolean completeEnrolment(
            String identity, NodeId nodeId, X509Certificate certificate, Instant now) throws StoreException {
        try {
            begin();
            try (PreparedStatement use = connection.prepareStatement(
                            "UPDATE credentials SET state = 'used', node_id = ?, used_us = ?"
                                    + " WHERE psk_identity = ? AND state = 'unused'");
                    PreparedStatement node = connection.prepareStatement("""
                            INSERT INTO nodes (node_id, device, serial, not_after_us, enrolled_us)
                            SELECT ?, device, ?, ?, ? FROM credentials WHERE psk_identity = ?
                            ON CONFLICT (node_id) DO UPDATE SET device = excluded.device, serial = excluded.serial,
                                not_after_us = excluded.not_after_us, enrolled_us = excluded.enrolled_us
                            WHERE nodes.revoked_us IS NULL""")) {
                use.setString(1, nodeId.value());
                use.setLong(2, micros(now));
                use.setString(3, identity);
                if (use.executeUpdate() != 1) {
                    rollbackQuietly(connection);
                    return false;
                }
                node.setString(1, nodeId.value());
                node.setString(2, certificate.getSerialNumber().toString(16));
                node.setLong(3, micros(certificate.getNotAfter().toInstant()));
                node.setLong(4, micros(now));
                node.setString(5, identity);
                if (node.executeUpdate() != 1) {
                    rollbackQuietly(connection);
                    return false;
                }
                commit();
                return true;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record an enrolment", e);
        }
    }

    /**
     * Records a renewed certificate of an enrolled, unrevoked node, which supersedes the certificate with serial
     * {@code supersedes}: from then on only the new serial is accepted (SECURITY R20).
     *
     * @return false when the node is revoked or unknown, or {@code supersedes} is no longer its current serial (a
     *     renewal raced this one): nothing changed
     */
    public synchronized boolean recordRenewal(
            NodeId nodeId, BigInteger supersedes, X509Certificate certificate, Instant now) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement("UPDATE nodes SET serial = ?, not_after_us = ?,"
                + " renewed_us = ? WHERE node_id = ? AND revoked_us IS NULL AND serial = ?")) {
            q.setString(1, certificate.getSerialNumber().toString(16));
            q.setLong(2, micros(certificate.getNotAfter().toInstant()));
            q.setLong(3, micros(now));
            q.setString(4, nodeId.value());
            q.setString(5, supersedes.toString(16));
            return q.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("record a renewal", e);
        }
    }

    /** The node's row, if it ever enrolled. */
    public synchronized Optional<NodeRecord> node(NodeId nodeId) throws StoreException {
        return query("WHERE node_id = ?", nodeId.value()).stream().findFirst();
    }

    /** Every enrolled node, by node id. */
    public synchronized List<NodeRecord> nodes() throws StoreException {
        return query("ORDER BY node_id", null);
    }

    /** Every credential row (never a key), oldest first: what {@code collector devices} shows of unused bundles. */
    public synchronized List<Credential> credentials() throws StoreException {
        try (PreparedStatement q = connection.prepareStatement(
                        "SELECT psk_identity, device, state, node_id, not_after_us FROM credentials"
                                + " ORDER BY issued_us, psk_identity");
                ResultSet rs = q.executeQuery()) {
            List<Credential> out = new ArrayList<>();
            while (rs.next()) {
                out.add(credentialOf(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("read credentials", e);
        }
    }

    /** {@code listener} is told, in one line, of every record that fails its integrity check (SECURITY R29). */
    public void onIntegrityFailure(Consumer<String> listener) {
        this.integrityFailures = Objects.requireNonNull(listener, "listener");
    }

    /**
     * True when {@code nodeId} enrolled here, is not revoked, and {@code serial} is its newest certificate: the test
     * for every certificate handshake, every report and every {@code /sren} (SECURITY R17, R20). A node id this
     * registry never enrolled is refused too, and so is a certificate a renewal superseded.
     */
    public boolean mayConnect(NodeId nodeId, BigInteger serial) throws StoreException {
        return node(nodeId)
                .map(n -> !n.isRevoked() && n.serial().equals(serial.toString(16)))
                .orElse(false);
    }

    /** True when an unused bundle was issued for {@code name} (a device name, or a node id it is bound to). */
    public synchronized boolean hasUnusedBundle(String name) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT 1 FROM credentials WHERE device = ? AND state = 'unused' LIMIT 1")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up " + name, e);
        }
    }

    /**
     * Revokes {@code device} — a node id, or a device label of the bundles: its nodes can no longer report or
     * re-enrol and its unused credentials can no longer enrol.
     *
     * @return how many nodes and credentials were revoked; 0 when nothing matched or all were revoked already
     */
    public synchronized int revoke(String device, Instant now) throws StoreException {
        try {
            begin();
            try (PreparedStatement nodes = connection.prepareStatement(
                            "UPDATE nodes SET revoked_us = ? WHERE (node_id = ? OR device = ?) AND revoked_us IS NULL");
                    PreparedStatement credentials = connection.prepareStatement(
                            "UPDATE credentials SET state = 'revoked' WHERE (device = ? OR node_id = ?)"
                                    + " AND state = 'unused'")) {
                nodes.setLong(1, micros(now));
                nodes.setString(2, device);
                nodes.setString(3, device);
                int count = nodes.executeUpdate();
                credentials.setString(1, device);
                credentials.setString(2, device);
                count += credentials.executeUpdate();
                commit();
                return count;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failure("revoke " + device, e);
        }
    }

    /** True when some node or credential was ever issued under {@code device} (a node id or label). */
    public synchronized boolean knows(String device) throws StoreException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT 1 FROM nodes WHERE node_id = ? OR device = ? UNION ALL"
                        + " SELECT 1 FROM credentials WHERE device = ? OR node_id = ? LIMIT 1")) {
            for (int i = 1; i <= 4; i++) {
                q.setString(i, device);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up " + device, e);
        }
    }

    private List<NodeRecord> query(String where, String argument) throws StoreException {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT node_id, device, serial, not_after_us, enrolled_us, revoked_us FROM nodes " + where)) {
            if (argument != null) {
                q.setString(1, argument);
            }
            List<NodeRecord> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong(6);
                    boolean isRevoked = !rs.wasNull();
                    out.add(new NodeRecord(
                            new NodeId(rs.getString(1)),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs.getLong(4)),
                            instant(rs.getLong(5)),
                            isRevoked ? Optional.of(instant(revoked)) : Optional.empty()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read nodes", e);
        }
    }

    private void begin() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    private void commit() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("COMMIT");
        }
    }

    private static void rollbackQuietly(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            Logger.debug("Enrolment registry rollback: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                Logger.debug("Enrolment registry close: {}", e.getMessage());
            }
        }
    }

    private StoreException failure(String action, SQLException e) {
        return new StoreException(file + ": cannot " + action + ": " + e.getMessage(), e);
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    @Override
    public String toString() {
        return "EnrolmentRegistry[" + file + "]";
    }
}
