// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * This collector's place in a cluster of collectors behind one address (Californium's DTLS Connection-ID cluster,
 * SCALING.md): its node id, which Scandium puts into the first byte of every Connection ID it issues (RFC 9146),
 * the internal address on which members forward records to the member that holds their session, the other
 * members' internal addresses, and the secret all members share. The internal port speaks DTLS (PSK) between
 * members, and every forwarded record carries a MAC under that session's keys ({@code mgmt-dtls-mac}), so nobody
 * but a member can inject records or rewrite their source address there.
 *
 * @param nodeId this member's id, 0..255
 * @param internal where this member receives forwarded records
 * @param peers the other members' ids and internal addresses
 * @param identity the PSK identity members use with each other on the internal port
 * @param secret the PSK members share (at least 16 bytes); not in {@link #toString}
 */
public record ClusterMember(
        int nodeId, InetSocketAddress internal, Map<Integer, InetSocketAddress> peers, String identity, byte[] secret) {
    public ClusterMember {
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("cluster node id must be 0..255, got " + nodeId);
        }
        Objects.requireNonNull(internal, "internal");
        peers = Map.copyOf(peers);
        if (peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("cluster node " + nodeId + " is this member, not a peer");
        }
        Objects.requireNonNull(identity, "identity");
        if (secret.length < 16) {
            throw new IllegalArgumentException("the cluster secret must have at least 16 bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterMember m
                && m.nodeId == nodeId
                && m.internal.equals(internal)
                && m.peers.equals(peers)
                && m.identity.equals(identity)
                && Arrays.equals(m.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, internal, peers, identity);
    }

    @Override
    public String toString() {
        return "cluster node " + nodeId + " internal=" + internal + " peers=" + peers;
    }
}
