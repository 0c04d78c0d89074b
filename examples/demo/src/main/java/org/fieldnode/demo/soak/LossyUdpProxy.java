// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * A UDP relay on loopback that makes a link bad on purpose: it drops, delays, duplicates and reorders datagrams
 * between nodes and a server, both ways, and counts the bytes it relays. Each node (client address) gets its own
 * upstream socket, so the server sees one address per node, as behind a NAT. Loopback only: it binds to the
 * loopback address and relays only to the server address it is given.
 */
public final class LossyUdpProxy implements AutoCloseable {
    /**
     * How bad the link is.
     *
     * @param lossPercent chance (0–100) that a datagram is dropped, each direction
     * @param maxDelayMillis each datagram is held for a random 0..max milliseconds (which also reorders)
     * @param duplicatePercent chance (0–100) that a datagram is sent twice
     */
    public record Faults(int lossPercent, int maxDelayMillis, int duplicatePercent) {
        public Faults {
            if (lossPercent < 0 || lossPercent > 100 || duplicatePercent < 0 || duplicatePercent > 100) {
                throw new IllegalArgumentException("percentages must be 0..100");
            }
            if (maxDelayMillis < 0 || maxDelayMillis > 60_000) {
                throw new IllegalArgumentException("maxDelayMillis must be 0..60000");
            }
        }

        public static Faults none() {
            return new Faults(0, 0, 0);
        }
    }

    private static final int MAX_DATAGRAM = 2048;

    private final DatagramSocket front;
    private final InetSocketAddress server;
    private final Random random;
    private final ScheduledExecutorService delays;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Faults faults;
    private volatile boolean running = true;

    public LossyUdpProxy(InetSocketAddress server, Faults faults, long seed) {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the proxy relays to loopback only, not " + server);
        }
        this.server = server;
        this.faults = faults;
        this.random = new Random(seed);
        try {
            this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        this.delays = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "proxy-delay"));
        daemon(this::relayUp, "proxy-up").start();
    }

    /** Where nodes send to. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Changes how bad the link is from now on (e.g. an outage: 100 % loss). */
    public void setFaults(Faults faults) {
        this.faults = faults;
    }

    /** UDP payload bytes relayed from nodes to the server. */
    public long bytesUp() {
        return bytesUp.get();
    }

    /** UDP payload bytes relayed from the server to nodes. */
    public long bytesDown() {
        return bytesDown.get();
    }

    /** Datagrams dropped on purpose. */
    public long dropped() {
        return dropped.get();
    }

    private void relayUp() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(packet);
            } catch (IOException e) {
                if (running) {
                    Logger.warn("Proxy stopped receiving: {}", e.getMessage());
                }
                return;
            }
            SocketAddress client = packet.getSocketAddress();
            byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            DatagramSocket upstream = upstreams.computeIfAbsent(client, this::openUpstream);
            forward(data, () -> send(upstream, data, server, bytesUp));
        }
    }

    private DatagramSocket openUpstream(SocketAddress client) {
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            daemon(() -> relayDown(upstream, client), "proxy-down").start();
            return upstream;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void relayDown(DatagramSocket upstream, SocketAddress client) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                upstream.receive(packet);
            } catch (IOException e) {
                return;
            }
            byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            forward(data, () -> send(front, data, client, bytesDown));
        }
    }

    private void forward(byte[] data, Runnable send) {
        Faults f = faults;
        int copies;
        long delay;
        synchronized (random) {
            if (random.nextInt(100) < f.lossPercent()) {
                dropped.incrementAndGet();
                return;
            }
            copies = random.nextInt(100) < f.duplicatePercent() ? 2 : 1;
            delay = f.maxDelayMillis() == 0 ? 0 : random.nextInt(f.maxDelayMillis() + 1);
        }
        for (int i = 0; i < copies; i++) {
            if (delay == 0) {
                send.run();
            } else {
                delays.schedule(send, delay + i, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void send(DatagramSocket socket, byte[] data, SocketAddress to, AtomicLong counter) {
        try {
            socket.send(new DatagramPacket(data, data.length, to));
            counter.addAndGet(data.length);
        } catch (IOException e) {
            if (running) {
                Logger.debug("Proxy could not send {} bytes to {}: {}", data.length, to, e.getMessage());
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        running = false;
        front.close();
        upstreams.values().forEach(DatagramSocket::close);
        delays.shutdownNow();
    }
}
