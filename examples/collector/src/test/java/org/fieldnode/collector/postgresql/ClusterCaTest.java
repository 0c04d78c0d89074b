// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * SECURITY R9 in a cluster: the shared database holds the CA's encrypted keystore, never its wrapping key nor the key
 * of the internal port. A member joins with a copy of the first member's {@code ca/wrapping.key}; without it, with
 * another cluster's key, or with a CA of its own, it is refused and told what to do (real PostgreSQL, {@link
 * TestDatabase}).
 */
@ResourceLock("postgresql")
class ClusterCaTest {
    @TempDir
    Path dir;

    private PostgresLocation location;
    private final List<PostgresReadingStore> stores = new ArrayList<>();

    @BeforeEach
    void emptyDatabase() throws Exception {
        location = TestDatabase.empty();
    }

    @AfterEach
    void close() {
        stores.forEach(PostgresReadingStore::close);
    }

    private PostgresReadingStore store() throws StoreException {
        PostgresReadingStore store = PostgresReadingStore.open(location);
        stores.add(store);
        return store;
    }

    private Path member(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    /** What {@code ca_files} holds, by name, read behind the store's back. */
    private Map<String, byte[]> caFiles() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Connection c = TestDatabase.connect(location);
                PreparedStatement query = c.prepareStatement("SELECT name, content FROM ca_files");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                files.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return files;
    }

    @Test
    void theDatabaseHoldsTheEncryptedKeystoreOnly_neverItsWrappingKeyNorTheClusterKey() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        byte[] wrappingKey = Files.readAllBytes(CollectorCa.wrappingKeyFile(first));
        byte[] clusterKey = ClusterCa.clusterSecret(first);

        Map<String, byte[]> files = caFiles();
        assertThat(files.keySet()).containsExactly("ca.bcfks");
        assertThat(files.get("ca.bcfks")).isEqualTo(Files.readAllBytes(CollectorCa.keystoreFile(first)));
        for (byte[] secret : List.of(wrappingKey, clusterKey)) {
            assertThat(HexFormat.of().formatHex(files.get("ca.bcfks")))
                    .doesNotContain(HexFormat.of().formatHex(secret));
        }
        assertThat(clusterKey).hasSize(32).isNotEqualTo(wrappingKey);
    }

    @Test
    void aMemberWithoutTheKeyIsToldToCopyIt_andNothingIsMadeInItsDirectory() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Path second = member("second");

        assertThat(ClusterCa.joinProblem(store(), second))
                .hasValueSatisfying(m -> assertThat(m).contains("ca/wrapping.key", "mode 0600", "copy"));
        assertThatThrownBy(() -> ClusterCa.open(store(), second, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(CollectorCa.wrappingKeyFile(second).toString())
                .hasMessageContaining("does not hold it, on purpose");
        assertThat(CollectorCa.wrappingKeyFile(second)).doesNotExist();
        assertThat(CollectorCa.keystoreFile(second)).doesNotExist();
        assertThat(ClusterCa.joinProblem(store(), first)).isEmpty();
    }

    @Test
    void aMemberWithACopyOfTheKeyTakesTheClusterCa_andDerivesTheSameInternalPortKey() throws Exception {
        Path first = member("first");
        var ca = ClusterCa.open(store(), first, Instant.now());
        Path second = member("second");
        ClusterKeys.copy(first, second);

        assertThat(ClusterCa.joinProblem(store(), second)).isEmpty();
        assertThat(ClusterCa.open(store(), second, Instant.now()).fingerprint()).isEqualTo(ca.fingerprint());
        assertThat(ClusterCa.clusterSecret(second)).isEqualTo(ClusterCa.clusterSecret(first));
        // and again at its restart, with its copy of the keystore now in place
        assertThat(ClusterCa.open(store(), second, Instant.now()).fingerprint()).isEqualTo(ca.fingerprint());
        assertThat(CollectorCa.directory(second)).isDirectoryNotContaining("glob:**.cluster");
    }

    @Test
    void anotherClustersKeyIsRefused_andTheDirectoryKeepsNoCa() throws Exception {
        ClusterCa.open(store(), member("first"), Instant.now());
        Path stranger = member("stranger");
        Path key = CollectorCa.wrappingKeyFile(stranger);
        Files.createDirectories(key.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.write(key, random);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> ClusterCa.open(store(), stranger, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("does not open the CA")
                .hasMessageContaining("copy ca/wrapping.key from a member of this cluster");
        assertThat(CollectorCa.keystoreFile(stranger)).doesNotExist();
        assertThat(CollectorCa.directory(stranger)).isDirectoryNotContaining("glob:**.cluster");
        assertThat(ClusterCa.clusterSecret(stranger)).isNotEqualTo(ClusterCa.clusterSecret(dir.resolve("first")));
    }

    @Test
    void aCollectorWithACaOfItsOwnIsRefused_notOverwritten() throws Exception {
        ClusterCa.open(store(), member("first"), Instant.now());
        Path alone = member("alone");
        var own = CollectorCa.openOrCreate(alone, Instant.now());
        byte[] before = Files.readAllBytes(CollectorCa.keystoreFile(alone));

        assertThatThrownBy(() -> ClusterCa.open(store(), alone, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has a CA of its own")
                .hasMessageContaining("collector migrate");
        assertThatThrownBy(() -> ClusterCa.share(store(), alone, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has a CA of its own");
        assertThat(Files.readAllBytes(CollectorCa.keystoreFile(alone))).isEqualTo(before);
        assertThat(CollectorCa.openOrCreate(alone, Instant.now()).fingerprint()).isEqualTo(own.fingerprint());
    }

    @Test
    void keysADevelopmentBuildPutIntoTheDatabaseAreDeletedBySchemaStep2_whichOlderMembersRefuse() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        stores.forEach(PostgresReadingStore::close);
        stores.clear();
        try (Connection c = TestDatabase.connect(location);
                PreparedStatement put =
                        c.prepareStatement("INSERT INTO ca_files (name, content, created_us) VALUES (?, ?, 0)");
                PreparedStatement back =
                        c.prepareStatement("UPDATE fieldnode_schema SET version = 1 WHERE part = 'cluster'")) {
            for (String name : List.of("wrapping.key", "cluster-secret")) {
                put.setString(1, name);
                put.setBytes(2, Files.readAllBytes(CollectorCa.wrappingKeyFile(first)));
                put.executeUpdate();
            }
            back.executeUpdate(); // what a development build left
        }

        store();

        assertThat(caFiles().keySet()).containsExactly("ca.bcfks");
        try (Connection c = TestDatabase.connect(location);
                PreparedStatement version =
                        c.prepareStatement("SELECT version FROM fieldnode_schema WHERE part = 'cluster'");
                ResultSet v = version.executeQuery()) {
            assertThat(v.next()).isTrue();
            assertThat(v.getLong(1))
                    .as("a member that knows version 1 refuses this database")
                    .isEqualTo(2);
        }
        assertThat(ClusterCa.open(store(), first, Instant.now())).isNotNull();
    }

    @Test
    void theInternalPortKeyIsHkdfExpandOfTheWrappingKey_rfc5869() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        byte[] wrappingKey = Files.readAllBytes(CollectorCa.wrappingKeyFile(first));
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(
                wrappingKey, "fieldnode cluster internal port MAC v1".getBytes(StandardCharsets.US_ASCII)));
        byte[] expected = new byte[32];
        hkdf.generateBytes(expected, 0, expected.length);

        assertThat(ClusterCa.clusterSecret(first)).isEqualTo(expected);
    }

    @Test
    void aMemberWithTheClustersKeyButADatabaseWithoutACa_doesNotFoundANewOne() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Path joining = member("joining");
        ClusterKeys.copy(first, joining);
        location = TestDatabase.empty(); // a wrong --store, or a database restored without ca_files

        assertThatThrownBy(() -> ClusterCa.open(store(), joining, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("holds no CA")
                .hasMessageContaining("refusing to make a new CA");
        assertThat(CollectorCa.keystoreFile(joining)).doesNotExist();
        assertThat(caFiles()).isEmpty();
    }

    @Test
    void aMemberWithTheClustersKeyAndACaOfItsOwnUnderIt_isRefused() throws Exception {
        Path first = member("first");
        var cluster = ClusterCa.open(store(), first, Instant.now());
        Path other = member("other");
        ClusterKeys.copy(first, other);
        var own = CollectorCa.openOrCreate(other, Instant.now()); // a CA of its own, wrapped with the cluster's key

        assertThatThrownBy(() -> ClusterCa.open(store(), other, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has its own CA " + own.fingerprint())
                .hasMessageContaining("the cluster's CA " + cluster.fingerprint());
        assertThat(CollectorCa.openOrCreate(other, Instant.now()).fingerprint()).isEqualTo(own.fingerprint());
    }

    @Test
    void aKeyOthersCanReadIsRefusedForWhatItIs_notAsAnotherClustersKey() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Path second = member("second");
        ClusterKeys.copy(first, second);
        Files.setPosixFilePermissions(
                CollectorCa.wrappingKeyFile(second), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ClusterCa.open(store(), second, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(CollectorCa.wrappingKeyFile(second).toString())
                .hasMessageNotContaining("not that cluster's key");
    }

    @Test
    void aKeystoreWithoutItsKey_isAJoinProblem_noKeyIsMade() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Files.delete(CollectorCa.wrappingKeyFile(first));

        assertThat(ClusterCa.joinProblem(store(), first))
                .hasValueSatisfying(m -> assertThat(m).contains("has no wrapping key beside it", "restore that file"));
        assertThat(CollectorCa.wrappingKeyFile(first)).doesNotExist();
    }

    @Test
    void aMemberPointedAtAnotherEmptyDatabase_isAJoinProblem_notANewHomeForItsCa() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Files.writeString(first.resolve(SharedStoreNote.FILE_NAME), "url=postgresql://db.example/district\n");
        location = TestDatabase.empty(); // --store now names a database without the cluster's CA

        assertThat(ClusterCa.joinProblem(store(), first))
                .hasValueSatisfying(m -> assertThat(m)
                        .contains("served the cluster whose store is postgresql://db.example/district")
                        .contains("holds no CA: check --store"));
        // the same database it served, restored without ca_files: its copy of the cluster's CA goes back
        Files.writeString(first.resolve(SharedStoreNote.FILE_NAME), "url=" + location.url() + "\n");
        assertThat(ClusterCa.joinProblem(store(), first)).isEmpty();
    }
}
