// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.fieldnode.collector.PskDirectoryFile.PskDirectoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PSK directory file: format, owner-only permission, and errors that name the line but not the key. */
class PskDirectoryFileTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve(PskDirectoryFile.FILE_NAME);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void read_skipsCommentsAndSplitsAtTheLastEqualsSign() throws Exception {
        InMemoryPskDirectory directory =
                PskDirectoryFile.read(write("# nodes\n\nn1=" + KEY + "\n a=b = " + KEY + "\n"));

        assertThat(directory.size()).isEqualTo(2);
        assertThat(directory.lookup("n1").orElseThrow().secret())
                .isEqualTo(HexFormat.of().parseHex(KEY));
        assertThat(directory.lookup("a=b")).isPresent();
        assertThat(directory.lookup("nobody")).isEmpty();
    }

    @Test
    void problems_nameFileAndLineButNeverTheKey() throws Exception {
        assertThatThrownBy(() -> PskDirectoryFile.read(write("n1=" + KEY + "\nn1=" + KEY + "\n")))
                .isInstanceOf(PskDirectoryException.class)
                .hasMessageEndingWith(":2: identity 'n1' is listed twice")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> PskDirectoryFile.read(write("n1=" + KEY + "z\n")))
                .hasMessageEndingWith(":1: the key must be an even number of hex digits")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> PskDirectoryFile.read(write("just-a-name\n")))
                .hasMessageEndingWith(":1: expected identity=hexkey");
        assertThatThrownBy(() -> PskDirectoryFile.read(dir.resolve("absent")))
                .hasMessageContaining("no PSK directory; create it with one identity=hexkey line per node");
    }

    /** SECURITY R8: a line naming what another credential holds is refused, with the file and line. */
    @Test
    void anIdentityAnotherCredentialHolds_isRefusedWithFileAndLine() throws Exception {
        Path file = write("# nodes\nn1=" + KEY + "\nfieldnode-0123456789abcdef=" + KEY + "\n");

        assertThatThrownBy(() -> PskDirectoryFile.read(
                        file,
                        identity -> identity.startsWith("fieldnode-")
                                ? java.util.Optional.of("identity '" + identity + "' is held by an enrolled node")
                                : java.util.Optional.empty()))
                .isInstanceOf(PskDirectoryException.class)
                .hasMessage(file + ":3: identity 'fieldnode-0123456789abcdef' is held by an enrolled node; remove the"
                        + " line or use another identity")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void groupOrOthersReadable_isRefused() throws Exception {
        Path file = write("n1=" + KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> PskDirectoryFile.read(file))
                .hasMessage(file + ": other users can read these keys; run: chmod 600 " + file);
    }
}
