// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback UDP relay that counts what nodes send up. Each client address gets its own upstream socket, as
 * behind a NAT, so when a node's port changes the server sees a new address too (what RFC 9146 is for).
 */
final class CountingRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong datagramsUp = new AtomicLong();
    private volatile boolean running = true;

    CountingRelay(InetSocketAddress server) {
        this.server = server;
        try {
            front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        Thread up = new Thread(this::relayUp, "relay-up");
        up.setDaemon(true);
        up.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    long bytesUp() {
        return bytesUp.get();
    }

    long datagramsUp() {
        return datagramsUp.get();
    }

    /** How many distinct client addresses (node ports) have sent through the relay. */
    int clients() {
        return upstreams.size();
    }

    private void relayUp() {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(packet);
                SocketAddress client = packet.getSocketAddress();
                DatagramSocket upstream = upstreams.computeIfAbsent(client, this::open);
                bytesUp.addAndGet(packet.getLength());
                datagramsUp.incrementAndGet();
                upstream.send(new DatagramPacket(packet.getData(), packet.getLength(), server));
            } catch (IOException e) {
                if (running) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private DatagramSocket open(SocketAddress client) {
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread down = new Thread(() -> relayDown(upstream, client), "relay-down");
            down.setDaemon(true);
            down.start();
            return upstream;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void relayDown(DatagramSocket upstream, SocketAddress client) {
        byte[] buffer = new byte[4096];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                upstream.receive(packet);
                front.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        front.close();
        upstreams.values().forEach(DatagramSocket::close);
    }
}
