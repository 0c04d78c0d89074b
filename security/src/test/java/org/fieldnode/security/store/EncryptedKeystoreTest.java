// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldnode.security.identity.NodeKeys;
import org.fieldnode.security.testing.MemoryWrappingKey;
import org.fieldnode.security.testing.Secrets;
import org.fieldnode.security.testing.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R9, R12: one encrypted store, mode 0600, no plaintext, fails closed, crypto-erase. */
class EncryptedKeystoreTest {
    private static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("keystore.bcfks");
    }

    private WrappingKeyFile wrapping() {
        return new WrappingKeyFile(dir.resolve("wrapping.key"));
    }

    @Test
    void create_writesAnOwnerOnlyFileAndNoTemporaryIsLeft() throws Exception {
        EncryptedKeystore.openOrCreate(file(), wrapping());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(dir.resolve("keystore.bcfks.tmp")).doesNotExist();
    }

    @Test
    void entries_surviveReopening() throws Exception {
        KeyPair keys = NodeKeys.generate();
        TestCa ca = TestCa.create("store-ca", T0);
        X509Certificate cert = ca.issueClient(keys.getPublic(), "n", T0, Duration.ofDays(1));
        EncryptedKeystore store = EncryptedKeystore.openOrCreate(file(), wrapping());
        store.putPrivateKey("node-key", keys.getPrivate(), List.of(cert));
        store.putSecret("psk", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        store.putCertificate("anchor", ca.certificate());
        store.save();

        EncryptedKeystore reopened = EncryptedKeystore.openOrCreate(file(), wrapping());

        assertThat(reopened.aliases()).containsExactly("anchor", "node-key", "psk");
        assertThat(reopened.privateKey("node-key")).contains(keys.getPrivate());
        assertThat(reopened.chain("node-key")).containsExactly(cert);
        assertThat(reopened.secret("psk"))
                .hasValueSatisfying(s -> assertThat(s).containsExactly(1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(reopened.certificate("anchor")).contains(ca.certificate());
        assertThat(reopened.secret("absent")).isEmpty();
    }

    @Test
    void file_holdsNoPlaintextKeyBytesNoPemAndNoAliases() throws Exception {
        KeyPair keys = NodeKeys.generate();
        byte[] psk = new byte[32];
        new java.util.Random(7).nextBytes(psk);
        TestCa ca = TestCa.create("store-ca", T0);
        EncryptedKeystore store = EncryptedKeystore.openOrCreate(file(), wrapping());
        store.putPrivateKey(
                "node-key", keys.getPrivate(), List.of(ca.issueClient(keys.getPublic(), "n", T0, Duration.ofDays(1))));
        store.putSecret("enrolment-psk/6964", psk);
        store.save();

        byte[] onDisk = Files.readAllBytes(file());

        assertThat(Secrets.containsBytes(onDisk, Secrets.scalar(keys.getPrivate())))
                .isFalse();
        assertThat(Secrets.containsBytes(onDisk, keys.getPrivate().getEncoded()))
                .isFalse();
        assertThat(Secrets.containsBytes(onDisk, psk)).isFalse();
        for (String form : Secrets.textForms(keys.getPrivate())) {
            assertThat(Secrets.containsBytes(onDisk, Secrets.ascii(form)))
                    .as(form)
                    .isFalse();
        }
        for (String form : Secrets.textForms(psk)) {
            assertThat(Secrets.containsBytes(onDisk, Secrets.ascii(form))).isFalse();
        }
        assertThat(Secrets.containsBytes(onDisk, Secrets.ascii(Secrets.PEM_BEGIN)))
                .isFalse();
        // BCFKS encrypts the whole store: even alias names are not readable.
        assertThat(Secrets.containsBytes(onDisk, Secrets.ascii("enrolment-psk")))
                .isFalse();
        assertThat(Secrets.containsBytes(onDisk, Secrets.ascii("node-key"))).isFalse();
    }

    @Test
    void wrongWrappingKey_failsClosedWithAClearMessage() throws Exception {
        EncryptedKeystore store = EncryptedKeystore.openOrCreate(file(), new MemoryWrappingKey((byte) 1));
        store.putSecret("psk", new byte[16]);
        store.save();
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> EncryptedKeystore.openOrCreate(file(), new MemoryWrappingKey((byte) 2)))
                .isInstanceOf(KeystoreException.class)
                .hasMessage(file() + ": the wrapping key at memory does not open this keystore, or it is damaged; "
                        + "refusing to use it (a factory reset makes a new identity)");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void tamperedFile_failsClosed() throws Exception {
        EncryptedKeystore.openOrCreate(file(), wrapping()).save();
        byte[] bytes = Files.readAllBytes(file());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file(), bytes);

        assertThatThrownBy(() -> EncryptedKeystore.openOrCreate(file(), wrapping()))
                .isInstanceOf(KeystoreException.class)
                .hasMessageContaining("does not open this keystore, or it is damaged");
    }

    @Test
    void keystoreOthersCanRead_isRefused() throws Exception {
        EncryptedKeystore.openOrCreate(file(), wrapping());
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> EncryptedKeystore.openOrCreate(file(), wrapping()))
                .hasMessage(file() + ": keystore is accessible to other users (mode rw-r--r--); refusing it; run: "
                        + "chmod 600 " + file());
    }

    @Test
    void cryptoErase_destroysWrappingKeyAndStore() throws Exception {
        WrappingKeyFile wrapping = wrapping();
        EncryptedKeystore store = EncryptedKeystore.openOrCreate(file(), wrapping);
        store.putSecret("psk", new byte[16]);
        store.save();
        byte[] oldKey = wrapping.wrappingKey();

        store.cryptoErase();

        assertThat(file()).doesNotExist();
        assertThat(dir.resolve("wrapping.key")).doesNotExist();
        EncryptedKeystore fresh = EncryptedKeystore.openOrCreate(file(), wrapping);
        assertThat(fresh.aliases()).isEmpty();
        assertThat(wrapping.wrappingKey()).isNotEqualTo(oldKey);
    }
}
