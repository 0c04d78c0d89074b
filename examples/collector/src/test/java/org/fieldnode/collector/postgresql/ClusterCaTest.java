// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
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

    @Test
    void theDatabaseHoldsTheEncryptedKeystoreOnly_neverItsWrappingKeyNorTheClusterKey() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        byte[] wrappingKey = Files.readAllBytes(CollectorCa.wrappingKeyFile(first));
        byte[] clusterKey = ClusterCa.clusterSecret(first);

        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (Connection c = TestDatabase.connect(location);
                PreparedStatement query = c.prepareStatement("SELECT name, content FROM ca_files");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
                contents.add(rs.getBytes(2));
            }
        }
        assertThat(names).containsExactly("ca.bcfks");
        assertThat(contents.get(0)).isEqualTo(Files.readAllBytes(CollectorCa.keystoreFile(first)));
        for (byte[] secret : List.of(wrappingKey, clusterKey)) {
            assertThat(HexFormat.of().formatHex(contents.get(0)))
                    .doesNotContain(HexFormat.of().formatHex(secret));
        }
        assertThat(clusterKey).hasSize(32).isNotEqualTo(wrappingKey);
    }

    @Test
    void aMemberWithoutTheKeyIsToldToCopyIt_andNothingIsMadeInItsDirectory() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        Path second = member("second");

        assertThat(ClusterCa.missingKey(store(), second))
                .hasValueSatisfying(m -> assertThat(m).contains("ca/wrapping.key", "mode 0600", "copy"));
        assertThatThrownBy(() -> ClusterCa.open(store(), second, Instant.now()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(CollectorCa.wrappingKeyFile(second).toString())
                .hasMessageContaining("does not hold it, on purpose");
        assertThat(CollectorCa.wrappingKeyFile(second)).doesNotExist();
        assertThat(CollectorCa.keystoreFile(second)).doesNotExist();
        assertThat(ClusterCa.missingKey(store(), first)).isEmpty();
    }

    @Test
    void aMemberWithACopyOfTheKeyTakesTheClusterCa_andDerivesTheSameInternalPortKey() throws Exception {
        Path first = member("first");
        var ca = ClusterCa.open(store(), first, Instant.now());
        Path second = member("second");
        ClusterKeys.copy(first, second);

        assertThat(ClusterCa.missingKey(store(), second)).isEmpty();
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
    void keysAnEarlierVersionPutIntoTheDatabaseAreRemovedAtTheNextStart() throws Exception {
        Path first = member("first");
        ClusterCa.open(store(), first, Instant.now());
        try (Connection c = TestDatabase.connect(location);
                PreparedStatement put =
                        c.prepareStatement("INSERT INTO ca_files (name, content, created_us) VALUES (?, ?, 0)")) {
            for (String name : List.of("wrapping.key", "cluster-secret")) {
                put.setString(1, name);
                put.setBytes(2, Files.readAllBytes(CollectorCa.wrappingKeyFile(first)));
                put.executeUpdate();
            }
        }

        ClusterCa.open(store(), first, Instant.now());

        try (Connection c = TestDatabase.connect(location);
                PreparedStatement query = c.prepareStatement("SELECT name FROM ca_files ORDER BY name");
                ResultSet rs = query.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertThat(names).containsExactly("ca.bcfks");
        }
        assertThat(Arrays.equals(
                        ClusterCa.clusterSecret(first), Files.readAllBytes(CollectorCa.wrappingKeyFile(first))))
                .isFalse();
    }
}
