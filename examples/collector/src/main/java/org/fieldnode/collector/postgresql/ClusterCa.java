// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.jdbc.Columns;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.trust.Fingerprint;
import org.tinylog.Logger;

/**
 * The one CA of a cluster: every member signs node certificates with the same key and seals enrolment credentials
 * with the same seal key, so that a node enrolled through one member renews through another and every member
 * accepts it. Its state ({@link CollectorCa#stateFiles}: the encrypted keystore and its wrapping key) lives in the
 * shared database's {@code ca_files} table; each member keeps a copy in its data directory (mode 0600, as a single
 * collector keeps it) and adds its own DTLS server key to its copy only.
 *
 * <p>The first member to start (or {@code collector migrate}, which brings a SQLite collector's CA along) puts its
 * CA into the table; every later member replaces its copy with the table's. The check and the upload run under a
 * transaction-scoped advisory lock, so members that start at once end with the same CA.
 *
 * <p><b>Trust.</b> With the wrapping key beside the keystore, whoever can read {@code ca_files} holds the CA: the
 * collectors' database role must be the only one with access to it (Grafana gets {@code readings_view} only,
 * SCALING.md).
 */
public final class ClusterCa {
    private static final long LOCK = 0x6669656c64636100L; // "fieldca" and a zero byte
    private static final String CLUSTER_SECRET = "cluster-secret";

    private ClusterCa() {}

    /**
     * The cluster's CA for the member whose data directory is {@code dataDir}: the database's, or this member's
     * (created when it has none) when the database has none yet.
     */
    public static CollectorCa open(PostgresReadingStore store, Path dataDir, Instant now)
            throws StoreException, KeystoreException {
        List<Path> files = CollectorCa.stateFiles(dataDir);
        PostgresDatabase database = store.database();
        boolean uploaded = database.transaction("cannot share the CA", c -> {
            Map<String, byte[]> shared = lockAndRead(c);
            try {
                if (shared.keySet().containsAll(names(files))) {
                    if (files.stream().allMatch(Files::isRegularFile)) {
                        // This directory has a CA of its own: replacing it would lose the key its nodes chain to.
                        Fingerprint local =
                                CollectorCa.openOrCreate(dataDir, now).fingerprint();
                        Fingerprint cluster = fingerprint(shared, now);
                        if (!cluster.equals(local)) {
                            throw new StoreException(dataDir + " has its own CA " + local + " and "
                                    + store.location().url() + " holds the cluster's CA " + cluster + "; nodes"
                                    + " enrolled here would not be accepted: bring them along with 'fieldnode"
                                    + " collector migrate' into an empty database, or start this member on an empty"
                                    + " data directory");
                        }
                    }
                    for (Path file : files) {
                        write(file, shared.get(file.getFileName().toString()));
                    }
                    return false;
                }
                CollectorCa.openOrCreate(dataDir, now); // this member's CA becomes the cluster's
                upload(c, files, now);
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
     * {@code dataDir} as it is: copied when the database has no CA yet, nothing when it holds this one already.
     *
     * @return true when it was copied now
     * @throws StoreException when {@code dataDir} has no CA, or the database holds another one (nodes enrolled by
     *     the SQLite collector would not be accepted by the cluster)
     */
    public static boolean share(PostgresReadingStore store, Path dataDir, Instant now)
            throws StoreException, KeystoreException {
        List<Path> files = CollectorCa.stateFiles(dataDir);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new StoreException(dataDir + " has no CA (" + file + " is missing)");
            }
        }
        Fingerprint local = CollectorCa.openOrCreate(dataDir, now).fingerprint();
        return store.database().transaction("cannot share the CA", c -> {
            Map<String, byte[]> shared = lockAndRead(c);
            try {
                if (shared.keySet().containsAll(names(files))) {
                    if (fingerprint(shared, now).equals(local)) {
                        return false;
                    }
                    throw new StoreException(store.location().url() + " already holds another CA than " + dataDir
                            + "; its enrolled nodes would not be accepted: migrate into an empty database");
                }
                upload(c, files, now);
                return true;
            } catch (IOException | KeystoreException e) {
                throw new StoreException(dataDir + ": cannot read the CA: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The fingerprint of the CA in {@code shared} (the same CA even where keystores differ: each also holds its
     * collector's own server key), read from a private copy that is removed at once.
     */
    private static Fingerprint fingerprint(Map<String, byte[]> shared, Instant now)
            throws IOException, KeystoreException {
        Path copy = Files.createTempDirectory("fieldnode-cluster-ca");
        try {
            for (Path file : CollectorCa.stateFiles(copy)) {
                write(file, shared.get(file.getFileName().toString()));
            }
            return CollectorCa.openOrCreate(copy, now).fingerprint();
        } finally {
            deleteTree(copy);
        }
    }

    /** Takes the CA lock for the caller's transaction and reads what {@code ca_files} holds. */
    private static Map<String, byte[]> lockAndRead(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
        }
        Map<String, byte[]> shared = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT name, content FROM ca_files");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                shared.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return shared;
    }

    /** Puts {@code files} (the CA's state) into {@code ca_files}. */
    private static void upload(java.sql.Connection c, List<Path> files, Instant now)
            throws java.sql.SQLException, IOException {
        try (PreparedStatement put = c.prepareStatement("""
                INSERT INTO ca_files (name, content, created_us) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET content = excluded.content""")) {
            for (Path file : files) {
                put.setString(1, file.getFileName().toString());
                put.setBytes(2, Files.readAllBytes(file));
                put.setLong(3, Columns.micros(now));
                put.addBatch();
            }
            put.executeBatch();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The secret the members MAC their forwarded datagrams with on the cluster's internal port ({@code
     * ClusterMember}): 32 random bytes the first member to ask puts into {@code ca_files}, the same for every later
     * one.
     */
    public static byte[] clusterSecret(PostgresReadingStore store, Instant now) throws StoreException {
        byte[] fresh = new byte[32];
        NodeId.nonBlockingRandom().nextBytes(fresh);
        try {
            return store.database().transaction("cannot share the cluster secret", c -> {
                try (PreparedStatement put = c.prepareStatement("INSERT INTO ca_files (name, content, created_us)"
                        + " VALUES ('" + CLUSTER_SECRET + "', ?, ?) ON CONFLICT (name) DO NOTHING")) {
                    put.setBytes(1, fresh);
                    put.setLong(2, Columns.micros(now));
                    put.executeUpdate();
                }
                try (PreparedStatement get = c.prepareStatement(
                                "SELECT content FROM ca_files WHERE name = '" + CLUSTER_SECRET + "'");
                        ResultSet rs = get.executeQuery()) {
                    rs.next();
                    return rs.getBytes(1);
                }
            });
        } finally {
            java.util.Arrays.fill(fresh, (byte) 0);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
    }

    /** Replaces {@code file} with {@code content}, mode 0600 from the start, atomically. */
    private static void write(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            Logger.warn("Cannot make {} private to its owner: {}", dir, e.getMessage());
        }
        Path temporary = Files.createTempFile(
                dir,
                file.getFileName().toString(),
                ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
