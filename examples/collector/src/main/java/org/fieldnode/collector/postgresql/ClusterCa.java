// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.SecureFiles;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.Fingerprint;
import org.tinylog.Logger;

/**
 * The one CA of a cluster: every member signs node certificates with the same key and seals enrolment credentials
 * with the same seal key, so that a node enrolled through one member renews through another and every member
 * accepts it.
 *
 * <p><b>What the database holds, and what it does not.</b> The shared database's {@code ca_files} table holds the
 * CA's encrypted keystore ({@link CollectorCa#keystoreFile}) and nothing else. Its wrapping key ({@link
 * CollectorCa#wrappingKeyFile}, 32 random bytes, mode 0600) never goes into the database: the first member makes it,
 * and the operator copies that file into every other member's data directory, as the PSK directory is copied. So a
 * dump of the database, a role that can read {@code ca_files}, or a backup does not hold the CA (SECURITY R9). The
 * key the members authenticate their internal port with ({@link #clusterSecret}) is derived from the same file, so
 * it is not in the database either. Each member keeps a copy of the keystore in its data directory and adds its own
 * DTLS server key to its copy only.
 *
 * <p>The first member to start (or {@code collector migrate}, which brings a SQLite collector's CA along) puts its
 * keystore into the table; every later member replaces its copy with the table's, after checking that its wrapping
 * key opens it. The check and the upload run under a transaction-scoped advisory lock, so members that start at once
 * end with the same CA (or are refused with what to do).
 */
public final class ClusterCa {
    private static final long LOCK = 0x6669656c64636100L; // "fieldca" and a zero byte
    /** The one row of {@code ca_files}. */
    static final String KEYSTORE = "ca.bcfks";
    /** RFC 5869 §3.3: the wrapping key is 32 uniformly random bytes, so HKDF-Expand alone derives from it. */
    private static final byte[] CLUSTER_KEY_INFO =
            "fieldnode cluster internal port MAC v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ClusterCa() {}

    /**
     * Why the member whose data directory is {@code dataDir} must not start on {@code store}, when its operator fixes
     * it with a file: the database holds a CA and this directory has no wrapping key to open it; this directory has a
     * keystore without its key; or this directory served a cluster whose store was another one and {@code store}
     * holds no CA (a wrong {@code --store}: serving would put this cluster's CA, and readings, there).
     */
    public static Optional<String> joinProblem(PostgresReadingStore store, Path dataDir) throws StoreException {
        Path key = CollectorCa.wrappingKeyFile(dataDir);
        Path keystore = CollectorCa.keystoreFile(dataDir);
        Optional<String> keyLost = keystoreWithoutKey(dataDir);
        if (keyLost.isPresent()) {
            return keyLost;
        }
        boolean holdsCa = store.database().transaction("cannot read the cluster's CA", c -> read(c) != null);
        if (holdsCa && !Files.isRegularFile(key)) {
            return Optional.of(missingKeyMessage(store, key));
        }
        Optional<String> noted = SharedStoreNote.notedUrl(dataDir);
        if (!holdsCa
                && Files.isRegularFile(keystore)
                && noted.isPresent()
                && !noted.get().equals(store.location().url())) {
            return Optional.of(dataDir + " served the cluster whose store is " + noted.get() + ", and "
                    + store.location().url() + " holds no CA: check --store; refusing to put this cluster's CA and"
                    + " readings there. To move the cluster to that database on purpose, copy the old one there first"
                    + " (pg_dump), or remove " + dataDir.resolve(SharedStoreNote.FILE_NAME));
        }
        return Optional.empty();
    }

    /** The directory holds a keystore whose wrapping key is gone: nothing opens it, and a new key would not either. */
    private static Optional<String> keystoreWithoutKey(Path dataDir) {
        Path key = CollectorCa.wrappingKeyFile(dataDir);
        Path keystore = CollectorCa.keystoreFile(dataDir);
        if (Files.isRegularFile(keystore) && !Files.isRegularFile(key)) {
            return Optional.of(keystore + " has no wrapping key beside it (" + key + "): restore that file, mode 0600,"
                    + " from a backup or from another member of the cluster");
        }
        return Optional.empty();
    }

    private static String missingKeyMessage(PostgresReadingStore store, Path key) {
        return store.location().url() + " holds the cluster's CA, and this member has no " + key + " to open it: copy"
                + " the file ca/wrapping.key from the data directory of a member that runs (or of the collector that"
                + " was migrated) to " + key + ", owned by the service user, mode 0600 (install -m 0600 -o"
                + " fieldnode-collector ...); the database does not hold it, on purpose";
    }

    /**
     * The cluster's CA for the member whose data directory is {@code dataDir}: the database's, or this member's
     * (created when it has none) when the database has none yet.
     *
     * @throws StoreException when the database holds a CA and this directory has no wrapping key, or one that does not
     *     open it (another cluster's, or this directory's own CA from serving alone)
     */
    public static CollectorCa open(PostgresReadingStore store, Path dataDir, Instant now)
            throws StoreException, KeystoreException {
        Path keystore = CollectorCa.keystoreFile(dataDir);
        Path key = CollectorCa.wrappingKeyFile(dataDir);
        PostgresDatabase database = store.database();
        boolean uploaded = database.transaction("cannot share the CA", c -> {
            byte[] shared = lockAndRead(c);
            try {
                if (shared != null) {
                    if (!Files.isRegularFile(key)) {
                        throw new StoreException(missingKeyMessage(store, key));
                    }
                    checkOpens(store, shared, dataDir, Files.isRegularFile(keystore));
                    SecureFiles.writeAtomically(keystore, shared);
                    return false;
                }
                refuseToFound(store, dataDir);
                CollectorCa.openOrCreate(dataDir, now); // this member's CA becomes the cluster's
                upload(c, keystore, now);
                return true;
            } catch (IOException | KeystoreException e) {
                throw new StoreException(dataDir + ": cannot share the CA: " + e.getMessage(), e);
            }
        });
        CollectorCa ca = CollectorCa.openOrCreate(dataDir, now);
        Logger.info(
                "Cluster CA {} {} {}",
                ca.fingerprint(),
                uploaded ? "shared from this member through" : "taken from",
                database);
        return ca;
    }

    /**
     * Makes the CA of the SQLite collector in {@code dataDir} the cluster's ({@code collector migrate}), leaving
     * {@code dataDir} as it is: its keystore copied when the database has no CA yet, nothing when it holds this one
     * already. Its wrapping key stays where it is; the members need a copy of it.
     *
     * @return true when it was copied now
     * @throws StoreException when {@code dataDir} has no CA, or the database holds another one (nodes enrolled by
     *     the SQLite collector would not be accepted by the cluster)
     */
    public static boolean share(PostgresReadingStore store, Path dataDir, Instant now)
            throws StoreException, KeystoreException {
        Path keystore = CollectorCa.keystoreFile(dataDir);
        for (Path file : List.of(keystore, CollectorCa.wrappingKeyFile(dataDir))) {
            if (!Files.isRegularFile(file)) {
                throw new StoreException(dataDir + " has no CA (" + file + " is missing)");
            }
        }
        CollectorCa.openOrCreate(dataDir, now); // fails closed on a damaged keystore or a wrong key, before any copy
        return store.database().transaction("cannot share the CA", c -> {
            byte[] shared = lockAndRead(c);
            try {
                if (shared != null) {
                    checkOpens(store, shared, dataDir, true);
                    return false;
                }
                upload(c, keystore, now);
                return true;
            } catch (IOException e) {
                throw new StoreException(dataDir + ": cannot read the CA: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Refuses to make {@code dataDir}'s CA the cluster's (the database holds none) when the directory's files say it
     * was meant to join one: a wrapping key without a keystore is a key copied from a member, so the database is the
     * wrong one or lost its CA, and a new CA would lock out every enrolled node; a keystore without its key cannot be
     * opened (a key made now would not open it either).
     */
    private static void refuseToFound(PostgresReadingStore store, Path dataDir) throws StoreException {
        boolean hasKeystore = Files.isRegularFile(CollectorCa.keystoreFile(dataDir));
        boolean hasKey = Files.isRegularFile(CollectorCa.wrappingKeyFile(dataDir));
        if (hasKey && !hasKeystore) {
            throw new StoreException(
                    store.location().url() + " holds no CA, but " + CollectorCa.wrappingKeyFile(dataDir)
                            + " is a cluster's key: this member was meant to join a cluster whose database holds its CA. Check"
                            + " --store (or DIR/shared-store); refusing to make a new CA, which would lock out every enrolled"
                            + " node. To found a new cluster instead, remove that file");
        }
        Optional<String> keyLost = keystoreWithoutKey(dataDir);
        if (keyLost.isPresent()) {
            throw new StoreException(keyLost.get());
        }
    }

    /**
     * Checks that {@code dataDir}'s wrapping key opens the cluster's keystore {@code shared} and, when the directory
     * has a CA of its own, that it is the same CA (replacing it would lose the key its nodes chain to).
     */
    private static void checkOpens(PostgresReadingStore store, byte[] shared, Path dataDir, boolean hasOwn)
            throws StoreException, IOException {
        try {
            // a key this member cannot read (owner, mode, length) says so, rather than "not this cluster's"
            java.util.Arrays.fill(new WrappingKeyFile(CollectorCa.wrappingKeyFile(dataDir)).wrappingKey(), (byte) 0);
        } catch (KeystoreException e) {
            throw new StoreException(e.getMessage(), e);
        }
        Path check = CollectorCa.directory(dataDir).resolve(KEYSTORE + ".cluster");
        SecureFiles.writeAtomically(check, shared);
        try {
            Fingerprint cluster;
            try {
                cluster = CollectorCa.fingerprintOf(check, dataDir);
            } catch (KeystoreException e) {
                throw new StoreException(
                        hasOwn
                                ? ownCa(store, dataDir, "a CA of its own and", "another cluster's CA")
                                : CollectorCa.wrappingKeyFile(dataDir) + " does not open the CA "
                                        + store.location().url()
                                        + " holds: it is not that cluster's key; copy ca/wrapping.key from a member of this"
                                        + " cluster");
            }
            if (hasOwn) {
                Fingerprint local;
                try {
                    local = CollectorCa.fingerprintOf(CollectorCa.keystoreFile(dataDir), dataDir);
                } catch (KeystoreException e) {
                    throw new StoreException(e.getMessage(), e);
                }
                if (!cluster.equals(local)) {
                    throw new StoreException(
                            ownCa(store, dataDir, "its own CA " + local + " and", "the cluster's CA " + cluster));
                }
            }
        } finally {
            Files.deleteIfExists(check);
        }
    }

    /** Why a directory with a CA of its own does not join: "DIR has {@code ours} URL holds {@code theirs}; ...". */
    private static String ownCa(PostgresReadingStore store, Path dataDir, String ours, String theirs) {
        return dataDir + " has " + ours + " " + store.location().url() + " holds " + theirs + "; nodes enrolled here"
                + " would not be accepted: bring them along with 'fieldnode collector migrate' into an empty database,"
                + " or start this member on a data directory that holds only the cluster's ca/wrapping.key";
    }

    /** Takes the CA lock for the caller's transaction and reads the cluster's keystore, or null when there is none. */
    private static byte[] lockAndRead(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
        }
        return read(c);
    }

    /** The cluster's keystore, or null when the database holds none. */
    private static byte[] read(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT content FROM ca_files WHERE name = ?")) {
            query.setString(1, KEYSTORE);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Puts the keystore file into {@code ca_files}. */
    private static void upload(java.sql.Connection c, Path keystore, Instant now)
            throws java.sql.SQLException, IOException {
        try (PreparedStatement put = c.prepareStatement("""
                INSERT INTO ca_files (name, content, created_us) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET content = excluded.content""")) {
            put.setString(1, KEYSTORE);
            put.setBytes(2, Files.readAllBytes(keystore));
            put.setLong(3, Columns.micros(now));
            put.executeUpdate();
        }
    }

    /**
     * The key the members MAC their forwarded datagrams with on the cluster's internal port ({@code ClusterMember}):
     * HKDF-Expand-SHA256 of the wrapping key in {@code dataDir} (RFC 5869 §2.3, one block), so every member that
     * holds the cluster's wrapping key derives the same 32 bytes and the database never holds them. The caller
     * overwrites the result.
     *
     * @throws StoreException when {@code dataDir} has no wrapping key ({@link #open} makes or checks it first)
     */
    public static byte[] clusterSecret(Path dataDir) throws StoreException {
        Path file = CollectorCa.wrappingKeyFile(dataDir);
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no wrapping key to derive the cluster key from");
        }
        byte[] key;
        try {
            key = new WrappingKeyFile(file).wrappingKey();
        } catch (KeystoreException e) {
            throw new StoreException(e.getMessage(), e);
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update(CLUSTER_KEY_INFO);
            hmac.update((byte) 1);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
