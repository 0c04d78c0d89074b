// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.psk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fieldnode.security.psk.PskFile.PskFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PskFileTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    private Path write(String text, String mode) throws Exception {
        Path file = dir.resolve("psk");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void read_ownerOnlyFile_givesCredential() throws Exception {
        Path file = write("# node 7\nidentity=fieldnode-0123456789abcdef\nkey=" + KEY_HEX + "\n", "rw-------");

        PskCredential psk = PskFile.read(file);

        assertThat(psk.identity()).isEqualTo("fieldnode-0123456789abcdef");
        assertThat(psk.secret()).hasSize(16).startsWith(0x00, 0x11);
    }

    @Test
    void read_fileOthersCanRead_isRefusedWithTheFix() throws Exception {
        Path file = write("identity=n\nkey=" + KEY_HEX + "\n", "rw-r--r--");

        assertThatThrownBy(() -> PskFile.read(file))
                .isInstanceOf(PskFileException.class)
                .hasMessage(file + ": other users can read this key; run: chmod 600 " + file);
    }

    @Test
    void read_badLines_nameTheLineButNeverTheKey() throws Exception {
        Path badHex = write("identity=n\nkey=" + KEY_HEX + "zz\n", "rw-------");
        assertThatThrownBy(() -> PskFile.read(badHex))
                .hasMessage(badHex + ":2: key must be an even number of hex digits")
                .hasMessageNotContaining(KEY_HEX);

        Path shortKey = write("identity=n\nkey=0011\n", "rw-------");
        assertThatThrownBy(() -> PskFile.read(shortKey)).hasMessageContaining("PSK secret must be 16..64 bytes, got 2");

        Path unknown = write("identity=n\npassword=x\n", "rw-------");
        assertThatThrownBy(() -> PskFile.read(unknown))
                .hasMessageContaining(":2: expected identity=<text> or key=<hex>");

        Path noKey = write("identity=n\n", "rw-------");
        assertThatThrownBy(() -> PskFile.read(noKey)).hasMessage(noKey + ": missing key=<hex>");
    }

    @Test
    void read_missingFile() {
        Path file = dir.resolve("absent");
        assertThatThrownBy(() -> PskFile.read(file)).hasMessage(file + ": no such PSK file");
    }
}
