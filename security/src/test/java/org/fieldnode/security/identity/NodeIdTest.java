// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
