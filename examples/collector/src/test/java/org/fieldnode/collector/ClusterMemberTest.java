// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster member's place is checked when it is made: mistakes that would only show as lost records later. */
class ClusterMemberTest {
    private static final byte[] SECRET = new byte[32];

    private static InetSocketAddress at(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @Test
    void aWildcardOrPortZeroInternalAddress_isRefused() {
        assertThatThrownBy(() -> new ClusterMember(0, at("0.0.0.0", 5784), Map.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not /0.0.0.0:5784");
        assertThatThrownBy(() -> new ClusterMember(0, at("10.0.0.10", 0), Map.of(), SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one address and port");
    }

    @Test
    void aPeerWithThisMembersIdOrAddressOrAnIdOutOfRange_isRefused() {
        InetSocketAddress own = at("10.0.0.10", 5784);
        assertThatThrownBy(() -> new ClusterMember(0, own, Map.of(0, at("10.0.0.11", 5784)), SECRET))
                .hasMessageContaining("is this member");
        assertThatThrownBy(() -> new ClusterMember(0, own, Map.of(1, own), SECRET))
                .hasMessageContaining("this member's own internal address");
        assertThatThrownBy(() -> new ClusterMember(0, own, Map.of(300, at("10.0.0.11", 5784)), SECRET))
                .hasMessageContaining("0..255, got 300");
    }

    @Test
    void aWellFormedMember_keepsItsPeers_andNeverPrintsItsSecret() {
        ClusterMember member = new ClusterMember(
                2, at("10.0.0.12", 5784), Map.of(0, at("10.0.0.10", 5784), 1, at("10.0.0.11", 5784)), SECRET);
        assertThat(member.peers()).containsOnlyKeys(0, 1);
        assertThat(member.toString()).doesNotContain("secret").contains("cluster node 2");
    }
}
