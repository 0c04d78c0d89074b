// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY R9: the default device-unique wrapping key source. */
class WrappingKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void firstUse_createsThirtyTwoRandomBytesOwnerOnly_andReturnsThemAfterwards() throws Exception {
        Path file = dir.resolve("etc/fieldnode/wrapping.key");
        WrappingKeyFile source = new WrappingKeyFile(file);

        byte[] first = source.wrappingKey();

        assertThat(first).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(new WrappingKeyFile(file).wrappingKey()).isEqualTo(first);
    }

    @Test
    void readOnlyForOwner_0400_isAccepted() throws Exception {
        Path file = dir.resolve("wrapping.key");
        new WrappingKeyFile(file).wrappingKey();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        assertThat(new WrappingKeyFile(file).wrappingKey()).hasSize(32);
    }

    @Test
    void fileOthersCanRead_isRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("wrapping.key");
        new WrappingKeyFile(file).wrappingKey();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> new WrappingKeyFile(file).wrappingKey())
                .isInstanceOf(KeystoreException.class)
                .hasMessage(file + ": wrapping key is accessible to other users (mode rw-r-----); refusing it; run: "
                        + "chmod 600 " + file);
    }

    @Test
    void wrongLength_isRefusedWithoutEchoingIt() throws Exception {
        Path file = dir.resolve("wrapping.key");
        Files.write(file, new byte[] {0x41, 0x42, 0x43});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> new WrappingKeyFile(file).wrappingKey())
                .hasMessage(file + ": wrapping key must be exactly 32 bytes, found 3; it is damaged (a factory reset "
                        + "makes a new one)");
    }

    @Test
    void destroy_removesTheFile_andIsIdempotent() throws Exception {
        Path file = dir.resolve("wrapping.key");
        WrappingKeyFile source = new WrappingKeyFile(file);
        source.wrappingKey();

        source.destroy();
        source.destroy();

        assertThat(file).doesNotExist();
        assertThat(source.toString()).doesNotContain("key=");
    }
}
