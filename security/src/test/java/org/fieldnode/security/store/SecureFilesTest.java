// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret files: written owner-only and atomically, shredded without ever following a link (SECURITY R9, R34). */
class SecureFilesTest {
    @TempDir
    Path dir;

    @Test
    void shred_zeroesAndRemovesAFile() throws Exception {
        Path file = Files.write(dir.resolve("keystore"), new byte[] {1, 2, 3});

        SecureFiles.shred(file);

        assertThat(file).doesNotExist();
    }

    /** R34: a reset runs as root; a link planted where a secret was must not turn into a write to its target. */
    @Test
    void shred_ofASymlink_removesTheLink_andLeavesItsTargetAlone() throws Exception {
        Path victim = Files.writeString(dir.resolve("shadow"), "root:x:0:0\n");
        Path link = Files.createSymbolicLink(dir.resolve("node-id"), victim);

        SecureFiles.shred(link);

        assertThat(link).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(victim).hasContent("root:x:0:0");
    }

    @Test
    void shred_ofNothing_doesNothing() throws Exception {
        SecureFiles.shred(dir.resolve("absent"));

        assertThat(dir).isEmptyDirectory();
    }
}
