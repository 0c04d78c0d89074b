// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A loopback UDP link between one client and a server that can be cut: while {@link #down} every datagram in both
 * directions is dropped, so the server keeps its registrations and DTLS sessions but the node cannot reach it.
 */
final class UdpLink implements AutoCloseable {
    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private volatile InetSocketAddress client;
    private volatile boolean down;

    UdpLink(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("udp-link-up").start(() -> pump(front, true));
        Thread.ofPlatform().daemon().name("udp-link-down").start(() -> pump(back, false));
    }

    int port() {
        return front.getLocalPort();
    }

    void down(boolean down) {
        this.down = down;
    }

    private void pump(DatagramSocket from, boolean up) {
        byte[] buffer = new byte[2048];
        while (!from.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                from.receive(packet);
                if (up) {
                    client = (InetSocketAddress) packet.getSocketAddress();
                }
                InetSocketAddress to = up ? server : client;
                if (down || to == null) {
                    continue;
                }
                (up ? back : front)
                        .send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), to));
            } catch (IOException e) {
                // closed, or a send that failed: a lossy link either way
            }
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
