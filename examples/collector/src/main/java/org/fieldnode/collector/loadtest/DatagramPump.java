// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.californium.scandium.DTLSConnector;
import org.tinylog.Logger;

/**
 * One thread that receives for many simulated nodes: every node has its own UDP socket (so the collector sees one
 * address and one DTLS session per node), but instead of one Scandium receiver thread per socket, a selector
 * waits on all of them and hands each datagram to its node's connector ({@link DTLSConnector#processDatagram}),
 * which decrypts and dispatches it on the shared executor.
 */
final class DatagramPump implements AutoCloseable {
    private static final int MAX_DATAGRAM = 2048;

    private record Registration(DatagramChannel channel, DTLSConnector connector) {}

    private final Selector selector;
    private final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    DatagramPump() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "loadtest-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts receiving on {@code channel} (non-blocking) for {@code connector}. */
    void register(DatagramChannel channel, DTLSConnector connector) {
        pending.add(new Registration(channel, connector));
        selector.wakeup();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (running) {
            try {
                selector.select(500);
                for (Registration r = pending.poll(); r != null; r = pending.poll()) {
                    try {
                        r.channel().register(selector, SelectionKey.OP_READ, r.connector());
                    } catch (ClosedChannelException e) {
                        // the node stopped before it was registered
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        drain((DatagramChannel) key.channel(), (DTLSConnector) key.attachment(), buffer);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    Logger.warn("Load test receiver: {}", e.toString());
                }
            }
        }
    }

    private static void drain(DatagramChannel channel, DTLSConnector connector, ByteBuffer buffer) {
        try {
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                if (from == null) {
                    return;
                }
                buffer.flip();
                byte[] data = new byte[buffer.remaining()];
                buffer.get(data);
                connector.processDatagram(new DatagramPacket(data, data.length, from));
            }
        } catch (IOException e) {
            // closed while stopping
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            Logger.debug("Load test receiver close: {}", e.getMessage());
        }
    }
}
