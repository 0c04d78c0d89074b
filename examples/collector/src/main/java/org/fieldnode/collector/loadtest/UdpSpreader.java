// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A UDP load balancer for the load test and the cluster tests (standing in for a real one such as a cloud
 * provider's UDP balancer or LVS), in front of the members of a collector cluster: one address for the nodes, their
 * datagrams spread over the members. DTLS records with a Connection ID (content type tls12_cid, 25; RFC 9146 §4)
 * go to the members in turn, datagram by datagram, so most of them reach a member that does not hold the session
 * and must be forwarded inside the cluster; handshake records (no CID yet) stay with one member per node, as a
 * load balancer's address affinity would keep them. A member {@link #down} (the health check a real balancer has)
 * gets nothing more. Each node gets a socket of its own towards the members, and what they answer goes back to it
 * from the front address.
 */
public final class UdpSpreader implements AutoCloseable {
    private static final int TLS12_CID = 25;

    /** A DTLS 1.2 record header up to its Connection ID: type, version, epoch, sequence number (RFC 9146 §4). */
    private static final int CID_OFFSET = 1 + 2 + 2 + 6;

    private final DatagramSocket front;
    private final List<InetSocketAddress> members;
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
    private final AtomicLong turn = new AtomicLong();
    private final AtomicLongArray sent;
    private final AtomicLongArray handshakes;
    private final AtomicLong elsewhere = new AtomicLong();
    private volatile boolean closed;

    private UdpSpreader(DatagramSocket front, List<InetSocketAddress> members) {
        this.front = front;
        this.members = List.copyOf(members);
        this.sent = new AtomicLongArray(members.size());
        this.handshakes = new AtomicLongArray(members.size());
    }

    /** Listens on a free loopback port and spreads what arrives over {@code members}. */
    public static UdpSpreader start(List<InetSocketAddress> members) throws IOException {
        DatagramSocket front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        UdpSpreader spreader = new UdpSpreader(front, members);
        Thread.ofPlatform().daemon().name("spreader-front").start(spreader::receiveFromNodes);
        return spreader;
    }

    /** The one address the nodes report to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Sends nothing more to member {@code index} (it was killed, or stopped answering). */
    public void down(int index) {
        down.add(index);
    }

    /** Spreads to member {@code index} again (its health check passes again). */
    public void up(int index) {
        down.remove(index);
    }

    /** Datagrams sent to member {@code index} so far. */
    public long sentTo(int index) {
        return sent.get(index);
    }

    /** Datagrams without a Connection ID (handshakes) sent to member {@code index} so far. */
    public long handshakesTo(int index) {
        return handshakes.get(index);
    }

    /**
     * Records with a Connection ID sent to a member other than the one its first byte names (member index =
     * cluster node id): those the members had to forward to each other.
     */
    public long sentElsewhere() {
        return elsewhere.get();
    }

    private void receiveFromNodes() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(packet);
                SocketAddress node = packet.getSocketAddress();
                boolean withCid = packet.getLength() > CID_OFFSET && (buffer[0] & 0xff) == TLS12_CID;
                int member = choose(node, withCid);
                sent.incrementAndGet(member);
                if (!withCid) {
                    handshakes.incrementAndGet(member);
                }
                if (withCid && (buffer[CID_OFFSET] & 0xff) != member) {
                    elsewhere.incrementAndGet(); // Scandium's node-id CID: the first byte names the session's member
                }
                socketFor(node)
                        .send(new DatagramPacket(
                                packet.getData(), packet.getOffset(), packet.getLength(), members.get(member)));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Round robin over live members for CID records; the node's own member (by address) for the others. */
    private int choose(SocketAddress node, boolean withConnectionId) {
        List<Integer> live = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            if (!down.contains(i)) {
                live.add(i);
            }
        }
        if (withConnectionId) {
            return live.get((int) (turn.getAndIncrement() % live.size()));
        }
        return live.get(Math.floorMod(node.hashCode(), live.size()));
    }

    private DatagramSocket socketFor(SocketAddress node) throws IOException {
        DatagramSocket socket = upstream.get(node);
        if (socket != null) {
            return socket;
        }
        DatagramSocket created = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket raced = upstream.putIfAbsent(node, created);
        if (raced != null) {
            created.close();
            return raced;
        }
        Thread.ofVirtual().start(() -> answer(created, node));
        return created;
    }

    /** Whatever a member answers on {@code socket} goes back to {@code node} from the front address. */
    private void answer(DatagramSocket socket, SocketAddress node) {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                front.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), node));
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        upstream.values().forEach(DatagramSocket::close);
    }
}
