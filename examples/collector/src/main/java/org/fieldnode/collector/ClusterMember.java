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
 * members' internal addresses, and the key all members share (derived from the cluster's CA wrapping key,
 * {@code postgresql.ClusterCa#clusterSecret}). The internal port is plain UDP: each forwarded
 * datagram's cluster header (the node's address, which the answer goes to) carries an HMAC-SHA256 under that secret,
 * truncated to 8 bytes, as Scandium's cluster connector lays it out ({@link ClusterConnector}), so nobody without the
 * secret can inject records or rewrite their source address there; the record inside stays protected by the node's
 * own DTLS session. There is no replay window on the internal port itself, and its traffic (node addresses) is not
 * encrypted: members talk over a private network, firewalled to the members (SCALING.md). The internal address must
 * be a specific address and port, not a wildcard.
 *
 * @param nodeId this member's id, 0..255
 * @param internal where this member receives forwarded records
 * @param peers the other members' ids and internal addresses
 * @param secret the MAC key members share (at least 16 bytes); not in {@link #toString}
 */
public record ClusterMember(
        int nodeId, InetSocketAddress internal, Map<Integer, InetSocketAddress> peers, byte[] secret) {
    public ClusterMember {
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("cluster node id must be 0..255, got " + nodeId);
        }
        Objects.requireNonNull(internal, "internal");
        if (internal.getAddress() == null || internal.getAddress().isAnyLocalAddress() || internal.getPort() == 0) {
            throw new IllegalArgumentException("the cluster's internal address must be one address and port of this"
                    + " machine on the members' private network, not " + internal);
        }
        peers = Map.copyOf(peers);
        if (peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("cluster node " + nodeId + " is this member, not a peer");
        }
        for (Map.Entry<Integer, InetSocketAddress> peer : peers.entrySet()) {
            if (peer.getKey() < 0 || peer.getKey() > 255) {
                throw new IllegalArgumentException("cluster peer ids are 0..255, got " + peer.getKey());
            }
            if (peer.getValue().equals(internal)) {
                throw new IllegalArgumentException(
                        "cluster peer " + peer.getKey() + " has this member's own internal address " + internal);
            }
        }
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
                && Arrays.equals(m.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeId, internal, peers);
    }

    @Override
    public String toString() {
        return "cluster node " + nodeId + " internal=" + internal + " peers=" + peers;
    }
}
