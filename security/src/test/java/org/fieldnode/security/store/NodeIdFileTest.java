// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fieldnode.security.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node id's file (SECURITY R1, R39): persistent, owner-only, replaced atomically. */
class NodeIdFileTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_persistsAcrossRestarts() throws Exception {
        Path file = dir.resolve("state/node-id");

        NodeId first = NodeIdFile.loadOrCreate(file);
        NodeId again = NodeIdFile.loadOrCreate(file);

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(first.value() + "\n");
        assertThat(dir.resolve("state"))
                .isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
    }

    @Test
    void newFile_isOwnerOnly_whateverTheUmask() throws Exception {
        Path file = dir.resolve("node-id");

        NodeIdFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void damagedFile_saysHowToRecover() throws Exception {
        Path file = dir.resolve("node-id");
        Files.writeString(file, "garbage");

        assertThatThrownBy(() -> NodeIdFile.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold a node id; remove it to make a new one");
    }
}
