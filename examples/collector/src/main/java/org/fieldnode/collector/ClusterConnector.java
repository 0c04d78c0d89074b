// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.californium.scandium.DtlsClusterConnector;
import org.eclipse.californium.scandium.DtlsManagedClusterConnector;
import org.eclipse.californium.scandium.config.DtlsClusterConnectorConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;
import org.fieldnode.security.event.SecurityEventCode;
import org.tinylog.Logger;

/**
 * Scandium's cluster connector with the collector's connection store ({@link CollectorConnector}'s reason): a record
 * whose Connection ID names another member (Scandium's node-id CIDs) is forwarded to that member over the internal
 * port, and its answer goes back out through the member that received it, so a node keeps its session whichever
 * member its datagrams reach.
 *
 * <p><b>The internal port is authenticated.</b> Scandium's cluster header (the node's original address, which the
 * receiving member answers to) gets a MAC slot, filled with HMAC-SHA256 under the cluster key all members share
 * ({@link ClusterMember#secret}), computed as Scandium's managed cluster connector does
 * ({@link DtlsManagedClusterConnector#setClusterMac}); a forwarded datagram without the right MAC is dropped, counted
 * and recorded as a rate-limited security event. The record inside stays protected by the node's own DTLS session
 * (its MAC and replay window), so nobody without the cluster key can inject a record or redirect an answer through the internal port. (Scandium's managed
 * connector, which keys the MAC from DTLS sessions between members, builds its internal DTLS configuration from the
 * main one, and refuses it here: the main one offers the certificate suite without a certificate of its own.)
 */
final class ClusterConnector extends DtlsClusterConnector {
    private static final String HMAC = "HmacSHA256";

    private final ThreadLocal<Mac> macs;
    private final CollectorEvents events;

    private ClusterConnector(
            DtlsConnectorConfig config,
            DtlsClusterConnectorConfig cluster,
            ResumptionSupportingConnectionStore store,
            ClusterMember member,
            CollectorEvents events) {
        super(config, cluster, store, true);
        this.events = events;
        byte[] secret = member.secret();
        SecretKeySpec key = new SecretKeySpec(secret, HMAC);
        Arrays.fill(secret, (byte) 0);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java platform has " + HMAC, e);
            }
        });
        setClusterNodesProvider(new DtlsClusterConnector.ClusterNodesProvider() {
            @Override
            public InetSocketAddress getClusterNode(int nodeId) {
                return member.peers().get(nodeId);
            }

            @Override
            public boolean available(InetSocketAddress address) {
                return true; // a member that is gone drops the record; its nodes start a new handshake
            }
        });
        Logger.info("Cluster member {} forwarding on {} to {}", member.nodeId(), member.internal(), member.peers());
    }

    /** {@code config} must name {@code sessions} as its connection listener. */
    static ClusterConnector create(
            DtlsConnectorConfig config, CredentialSessions sessions, ClusterMember member, CollectorEvents events) {
        if (config.getConnectionListener() != sessions) {
            throw new IllegalArgumentException("the DTLS configuration must report connections to " + sessions);
        }
        DtlsClusterConnectorConfig cluster = DtlsClusterConnectorConfig.builder()
                .setAddress(member.internal())
                .setBackwardMessage(true)
                .build();
        ResumptionSupportingConnectionStore store = createConnectionStore(config);
        sessions.attach(store);
        return new ClusterConnector(config, cluster, store, member, events);
    }

    /** Room for the MAC in every forwarded datagram's header. */
    @Override
    protected int getClusterMacLength() {
        return CLUSTER_MAC_LENGTH;
    }

    @Override
    protected void sendDatagramToClusterNetwork(DatagramPacket packet) throws IOException {
        DtlsManagedClusterConnector.setClusterMac(macs.get(), packet);
        super.sendDatagramToClusterNetwork(packet);
    }

    @Override
    protected void processDatagramFromClusterNetwork(Byte type, DatagramPacket packet) throws IOException {
        boolean valid;
        try {
            valid = DtlsManagedClusterConnector.validateClusterMac(macs.get(), packet);
        } catch (IllegalArgumentException tooShort) {
            valid = false;
        }
        if (!valid) {
            // Anyone who reaches the internal port can send these: a security event, rate-limited like the others.
            events.record(
                    SecurityEventCode.AUTHENTICATION_FAILED,
                    null,
                    "cluster internal port: dropped a forwarded datagram from " + packet.getSocketAddress()
                            + " without a valid MAC; the port should be reachable by the members only");
            if (clusterHealth != null) {
                if (RECORD_TYPE_INCOMING.equals(type)) {
                    clusterHealth.badForwardMessage();
                } else {
                    clusterHealth.badBackwardMessage();
                }
            }
            return;
        }
        super.processDatagramFromClusterNetwork(type, packet);
    }

    /** Anything on the internal port that is not a forwarded record is not ours: dropped. */
    @Override
    protected void processManagementDatagramFromClusterNetwork(DatagramPacket packet) {
        Logger.debug("Cluster: ignored a {}-byte datagram from {}", packet.getLength(), packet.getSocketAddress());
    }
}
