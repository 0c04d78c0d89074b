// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;

/**
 * A Scandium client connector on its own non-blocking {@link DatagramChannel}, with no receiver thread of its own
 * ({@code DTLS_RECEIVER_THREAD_COUNT = 0}): the {@link DatagramPump} receives for it, and it sends straight on the
 * channel. With a shared executor ({@link DTLSConnector#setExecutor}) a simulated node then costs no thread at all.
 */
final class PumpedConnector extends DTLSConnector {
    private final DatagramPump pump;
    private final AtomicLong sendDrops;
    private volatile DatagramChannel channel;

    PumpedConnector(DtlsConnectorConfig config, DatagramPump pump, AtomicLong sendDrops) {
        super(config);
        this.pump = pump;
        this.sendDrops = sendDrops;
    }

    @Override
    protected void start(InetSocketAddress bindAddress) throws IOException {
        DatagramChannel opened = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            opened.bind(bindAddress);
            opened.configureBlocking(false);
            channel = opened;
            init(bindAddress, opened.socket(), null);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        pump.register(opened, this);
    }

    @Override
    protected void sendNextDatagramOverNetwork(DatagramPacket packet) throws IOException {
        DatagramChannel out = channel;
        if (out == null || !out.isOpen()) {
            throw new IOException("connector stopped");
        }
        int sent = out.send(
                ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength()), packet.getSocketAddress());
        if (sent == 0) {
            sendDrops.incrementAndGet(); // the socket's send buffer is full: lost, as on a busy link
        }
    }
}
