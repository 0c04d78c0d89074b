// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdTest {
    @Test
    void random_isOpaqueAndUnique() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(NodeId.random().value())).isTrue();
        }
        // R1: the id never carries a MAC address of this machine.
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            byte[] mac = nic.getHardwareAddress();
            if (mac != null && mac.length > 0) {
                String hex = HexFormat.of().formatHex(mac);
                assertThat(seen).noneMatch(id -> id.contains(hex));
            }
        }
        assertThat(seen).allMatch(id -> id.matches("fieldnode-[0-9a-f]{16}"));
    }

    @Test
    void loadOrCreate_persistsAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/node-id");

        NodeId first = NodeId.loadOrCreate(file);
        NodeId again = NodeId.loadOrCreate(file);

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(first.value() + "\n");
        assertThat(dir.resolve("state"))
                .isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
    }

    @Test
    void loadOrCreate_damagedFile_saysHowToRecover(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node-id");
        Files.writeString(file, "garbage");

        assertThatThrownBy(() -> NodeId.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold a node id; remove it to make a new one");
    }
}
