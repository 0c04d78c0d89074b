// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;

/**
 * SECURITY R19: the reporter's UDP socket is connected to the collector — bound to the route's source address, not
 * to every interface, shown as connected (not listening) in {@code /proc/net/udp}, and deaf to everyone but the
 * collector — and is connected again when the collector's address changes.
 */
class CollectorSocketTest {
    private static final PskCredential PSK =
            new PskCredential("fieldnode-0000000000000002", "fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    private static Batch batch(long sequence) {
        return new Batch(
                sequence, List.of(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 20.5, sequence, Instant.now())));
    }

    /** A reporter to {@code coaps://collector.test:PORT/r} whose name resolves to what {@code address} says now. */
    private static CoapReporter reporter(int port, CoapReporter.Resolver resolver) {
        return new CoapReporter(
                new CoapReporterSettings(
                        URI.create("coaps://collector.test:" + port + "/r"),
                        PSK.identity(),
                        PSK,
                        SenmlFormat.CBOR,
                        Duration.ofSeconds(20),
                        LinkSettings.defaults(),
                        Optional.empty()),
                resolver);
    }

    @Test
    void socketIsConnectedToTheCollector_fromTheRouteSourceAddress_andOthersCannotReachIt() throws Exception {
        try (PskCollector collector = new PskCollector(InetAddress.getLoopbackAddress(), PSK);
                CoapReporter reporter = reporter(
                        collector.address().getPort(),
                        host -> collector.address().getAddress())) {
            assertThat(reporter.report(batch(0))).isEqualTo(new ReportResult.Acknowledged(0));

            InetSocketAddress local = reporter.localAddress();
            assertThat(local.getAddress().isAnyLocalAddress())
                    .as("bound to every interface")
                    .isFalse();
            assertThat(local.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            ProcNetUdp.Entry entry = ProcNetUdp.find(local.getPort()).orElseThrow();
            assertThat(entry.state()).as("ESTABLISHED, not UNCONN (listening)").isEqualTo(ProcNetUdp.ESTABLISHED);
            assertThat(entry.remote()).isEqualTo(collector.address());

            try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                stranger.connect(local);
                stranger.setSoTimeout(10_000);
                stranger.send(new DatagramPacket(new byte[] {0x16, (byte) 0xfe, (byte) 0xfd}, 3));
                // The kernel finds no socket that takes the stranger's datagram and answers ICMP port unreachable.
                assertThatThrownBy(() -> stranger.receive(new DatagramPacket(new byte[64], 64)))
                        .isInstanceOf(PortUnreachableException.class);
            }
            assertThat(reporter.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));
        }
    }

    @Test
    void collectorAtANewAddress_getsANewConnectedSocket_andTheReportsGoOn() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("127.0.0.2");
        assumeTrue(canBind(elsewhere), "127.0.0.2 is not a local address here (Linux has all of 127/8 on lo)");
        try (PskCollector first = new PskCollector(InetAddress.getLoopbackAddress(), PSK);
                PskCollector moved = new PskCollector(
                        new InetSocketAddress(elsewhere, first.address().getPort()), PSK)) {
            AtomicReference<InetAddress> dns = new AtomicReference<>(InetAddress.getLoopbackAddress());
            try (CoapReporter reporter = reporter(first.address().getPort(), host -> dns.get())) {
                assertThat(reporter.report(batch(0))).isEqualTo(new ReportResult.Acknowledged(0));
                assertThat(ProcNetUdp.find(reporter.localAddress().getPort())
                                .orElseThrow()
                                .remote())
                        .isEqualTo(first.address());

                dns.set(elsewhere);
                assertThat(reporter.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));

                assertThat(ProcNetUdp.find(reporter.localAddress().getPort())
                                .orElseThrow()
                                .remote())
                        .isEqualTo(moved.address());
            }
            assertThat(first.posts()).isEqualTo(1);
            assertThat(moved.posts()).isEqualTo(1);
        }
    }

    private static boolean canBind(InetAddress address) {
        try (DatagramSocket s = new DatagramSocket(0, address)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The UDP sockets of this machine as {@code /proc/net/udp} and {@code udp6} list them (what {@code ss -uan}
     * reads); Java's sockets are IPv6 sockets, IPv4 peers appear as {@code ::ffff:a.b.c.d}, given here as IPv4.
     */
    static final class ProcNetUdp {
        static final String ESTABLISHED = "01";
        static final String UNCONNECTED = "07";

        record Entry(InetSocketAddress local, InetSocketAddress remote, String state, long inode) {}

        static List<Entry> all() throws Exception {
            List<Entry> entries = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    entries.add(new Entry(address(f[1]), address(f[2]), f[3], Long.parseLong(f[9])));
                }
            }
            return entries;
        }

        static Optional<Entry> find(int localPort) throws Exception {
            return all().stream().filter(e -> e.local().getPort() == localPort).findFirst();
        }

        /**
         * {@code 0100007F:1F90}: the address as 32-bit words in host (little-endian) byte order, then the port, all
         * hex.
         */
        static InetSocketAddress address(String field) throws Exception {
            String[] parts = field.split(":");
            byte[] raw = HexFormat.of().parseHex(parts[0]);
            byte[] address = new byte[raw.length];
            for (int word = 0; word < raw.length; word += 4) {
                for (int i = 0; i < 4; i++) {
                    address[word + i] = raw[word + 3 - i];
                }
            }
            // InetAddress turns ::ffff:a.b.c.d into the IPv4 address
            return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
        }
    }
}
