// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.tinylog.Logger;

/**
 * The node's DTLS client connector, its UDP socket connected to the collector (SECURITY R19). {@code connect(2)}
 * binds the socket to the source address of the route to the collector and an ephemeral port, and from then on
 * the kernel hands it only the collector's datagrams: nothing else, on no interface, reaches the DTLS stack, and
 * the socket is not listed as listening ({@code ss -uln} shows UDP sockets in state UNCONN; a connected one is
 * ESTAB).
 *
 * <p>A connected socket keeps its peer and source address, so it is made again when either changes: the collector's
 * name resolves to a new address, or the route to it now leaves from another local address (a new DHCP lease, a
 * modem that dialled in again): {@link #connect}, called before each exchange, stops and starts the endpoint then;
 * the sessions survive the new socket (Scandium asks for an abbreviated handshake when the local address changed).
 *
 * <p>Public for the LwM2M client ({@code report.lwm2m}), whose endpoint is started by Leshan: it is made {@linkplain
 * #CollectorConnector(DtlsConnectorConfig, InetSocketAddress) aimed at its server} before.
 */
public final class CollectorConnector extends DTLSConnector {
    private volatile InetSocketAddress collector;

    CollectorConnector(DtlsConnectorConfig config) {
        super(config);
    }

    /** A connector whose socket, once started, is connected to {@code peer}. */
    public CollectorConnector(DtlsConnectorConfig config, InetSocketAddress peer) {
        super(config);
        this.collector = Objects.requireNonNull(peer, "peer");
    }

    /**
     * Starts {@code endpoint} (whose connector this is) with the socket connected to {@code collector}, or, when the
     * collector's address or the route's source address changed, stops it and starts it again on a new socket.
     *
     * @throws IOException when no socket can be connected (no route to the collector: the network is down)
     */
    synchronized void connect(CoapEndpoint endpoint, InetSocketAddress collector) throws IOException {
        Optional<String> why = needsReconnect(collector);
        if (why.isEmpty()) {
            return;
        }
        if (endpoint.isStarted()) {
            Logger.info("Connecting the UDP socket again: {}", why.get());
            endpoint.stop();
        }
        this.collector = Objects.requireNonNull(collector, "collector");
        endpoint.start();
        Logger.debug("UDP {} connected to {}", getAddress(), collector);
    }

    /** The address the socket is connected to; empty before the first start. */
    Optional<InetSocketAddress> collector() {
        return Optional.ofNullable(collector);
    }

    /**
     * Why the socket must be made again before sending to {@code destination}: it is not open yet, the collector's
     * address changed, or the route to it leaves from another local address now; empty when it can be used as it is.
     */
    Optional<String> needsReconnect(InetSocketAddress destination) {
        if (!isRunning()) {
            return Optional.of("not connected yet");
        }
        if (!destination.equals(collector)) {
            return Optional.of("the collector's address changed from " + collector + " to " + destination);
        }
        InetAddress bound = getAddress().getAddress();
        return routeSource(destination)
                .filter(source -> !source.equals(bound))
                .map(source -> "the route to the collector now leaves from " + source.getHostAddress() + ", not "
                        + bound.getHostAddress());
    }

    /** Opens the socket connected to the collector given to {@link #connect}; the configured bind address is unused. */
    @Override
    protected void start(InetSocketAddress configured) throws IOException {
        if (isRunning()) {
            return;
        }
        InetSocketAddress peer = collector;
        if (peer == null) {
            throw new IOException("no collector address to connect the UDP socket to yet");
        }
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.connect(peer);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        init(new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort()), socket, null);
    }

    /** The local address the kernel picks for {@code destination} (a connect on a throw-away socket sends nothing). */
    public static Optional<InetAddress> routeSource(InetSocketAddress destination) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.connect(destination);
            return Optional.of(probe.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
