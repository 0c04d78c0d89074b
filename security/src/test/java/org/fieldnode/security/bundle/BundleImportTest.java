// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldnode.security.bundle.BundleFormatTest.CA;
import static org.fieldnode.security.bundle.BundleFormatTest.KEY_HEX;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R4, R9: the PSK moves into the keystore and its line leaves the bundle on disk. */
class BundleImportTest {
    private static final Instant NOW = Instant.parse("2025-05-02T08:00:00Z");

    @TempDir
    Path dir;

    private NodeCredentials credentials() throws Exception {
        return new NodeCredentials(
                EncryptedKeystore.openOrCreate(dir.resolve("keystore.bcfks"), new WrappingKeyFile(dir.resolve("wk"))));
    }

    @Test
    void import_movesKeyIntoKeystore_andRemovesItsLineFromTheBundle() throws Exception {
        Path file = dir.resolve(BundleFormat.FILE_NAME);
        Files.writeString(file, BundleFormatTest.bundle("node.name=weather-07"));
        NodeCredentials credentials = credentials();

        BundleImport.Result result = BundleImport.importFile(file, credentials, NOW);

        assertThat(result.keyImported()).isTrue();
        assertThat(result.settings().nodeName()).contains("weather-07");
        String left = Files.readString(file);
        assertThat(left)
                .doesNotContain(KEY_HEX)
                .contains("# psk.key imported into the node keystore at 2025-05-02T08:00:00Z; usable once")
                .contains("psk.identity=enrol-0001", "ca.sha256=" + CA);
        NodeCredentials reopened = credentials();
        assertThat(reopened.enrolmentCredential()).hasValueSatisfying(p -> {
            assertThat(p.identity()).isEqualTo("enrol-0001");
            assertThat(java.util.HexFormat.of().formatHex(p.secret())).isEqualTo(KEY_HEX);
        });
        assertThat(reopened.trustAnchors().orElseThrow().pin()).isEqualTo(Fingerprint.parse(CA));
    }

    @Test
    void secondImport_ofTheStrippedBundle_changesNothing() throws Exception {
        Path file = dir.resolve(BundleFormat.FILE_NAME);
        Files.writeString(file, BundleFormatTest.bundle());
        NodeCredentials credentials = credentials();
        BundleImport.importFile(file, credentials, NOW);
        credentials.deleteEnrolmentCredential(); // as after a successful enrolment

        BundleImport.Result again = BundleImport.importFile(file, credentials, NOW);

        assertThat(again.keyImported()).isFalse();
        assertThat(credentials.enrolmentCredential()).isEmpty();
    }

    @Test
    void badBundle_isRefused_andNothingChanges() throws Exception {
        Path file = dir.resolve(BundleFormat.FILE_NAME);
        String text = BundleFormatTest.bundle().replace("coaps://", "coap://");
        Files.writeString(file, text);
        NodeCredentials credentials = credentials();

        assertThatThrownBy(() -> BundleImport.importFile(file, credentials, NOW))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("fieldnode-bundle.txt:3: collector:");
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(credentials.enrolmentCredential()).isEmpty();
        assertThat(credentials.trustAnchors()).isEmpty();
    }
}
