// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.runtime.report.coap.EnrolledReporter;
import org.fieldnode.security.enrol.SecurityState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an enrolled node does on the network, seen from outside (SECURITY R3, R18, R19): datagrams counted by a
 * relay, sockets read from {@code /proc}.
 */
class NodeSocketsIT {
    @TempDir
    Path dir;

    private EnrolmentLoopback loopback;
    private CountingRelay relay;

    @BeforeEach
    void start() throws Exception {
        loopback = new EnrolmentLoopback(dir);
        relay = new CountingRelay(loopback.collector.address());
    }

    @AfterEach
    void stop() {
        relay.close();
        loopback.close();
    }

    /** R3 with a UDP spy: in BOOTSTRAP the reporter sends no datagram at all; the batch stays with the node. */
    @Test
    void r3_inBootstrap_noDatagramLeavesForTheReadingsResource() throws Exception {
        try (EnrolmentLoopback.Node node =
                        loopback.node("n").importBundle(loopback.issueBundle("n", dir.resolve("n.bundle")));
                EnrolledReporter reporter = new EnrolledReporter(
                        node.enrolment::usableIdentity,
                        node::anchors,
                        URI.create("coaps://127.0.0.1:" + relay.address().getPort() + "/r"),
                        SenmlFormat.CBOR,
                        EnrolmentLoopback.TIMEOUT,
                        LinkSettings.defaults(),
                        Optional.empty(),
                        java.time.Duration.ofMillis(300))) {
            assertThat(node.enrolment.state().phase()).isEqualTo(SecurityState.Phase.BOOTSTRAP);

            ReportResult result = reporter.report(EnrolmentLoopback.batch(0, 20));

            assertThat(result)
                    .isInstanceOfSatisfying(
                            ReportResult.Unreachable.class,
                            u -> assertThat(u.reason()).contains("BOOTSTRAP"));
            assertThat(relay.datagramsUp()).isZero();
            assertThat(loopback.collector.store().size()).isZero();

            // Enrolment talks to EST only (directly, not through the relay); then the same reporter delivers.
            node.enrolment.step();
            assertThat(reporter.report(EnrolmentLoopback.batch(0, 20))).isEqualTo(new ReportResult.Acknowledged(0));
            assertThat(relay.datagramsUp()).isPositive();
            assertThat(loopback.collector.store().size()).isEqualTo(1);
        }
    }

    /**
     * R18: with its saved session and Connection ID, a node that comes back from another UDP port (here: a new
     * socket, which a NAT relay maps to a new address at the collector) reports without a new handshake.
     */
    @Test
    void r18_newSourcePort_keepsTheSessionWithoutAHandshake() throws Exception {
        Path state = dir.resolve("dtls-session");
        try (EnrolmentLoopback.Node node =
                loopback.node("cid").importBundle(loopback.issueBundle("cid", dir.resolve("cid.bundle")))) {
            node.enrolment.step();

            long before = relay.bytesUp();
            int firstPort;
            try (CoapReporter reporter = viaRelay(node, Optional.of(state))) {
                assertThat(reporter.report(EnrolmentLoopback.batch(0, 20))).isEqualTo(new ReportResult.Acknowledged(0));
                firstPort = reporter.localAddress().getPort();
            }
            long handshakeAndReport = relay.bytesUp() - before;
            assertThat(state).exists();

            before = relay.bytesUp();
            long datagramsBefore = relay.datagramsUp();
            try (CoapReporter reporter = viaRelay(node, Optional.of(state))) {
                assertThat(reporter.localAddress().getPort()).isNotEqualTo(firstPort);
                assertThat(reporter.report(EnrolmentLoopback.batch(1, 21))).isEqualTo(new ReportResult.Acknowledged(1));
            }
            long reportOnly = relay.bytesUp() - before;

            // A certificate handshake sends well over a kilobyte up (Certificate, CertificateVerify, ...); one
            // POST in a CID record is about a hundred bytes, in one datagram.
            assertThat(handshakeAndReport).isGreaterThan(800);
            assertThat(reportOnly).isLessThan(200);
            assertThat(relay.datagramsUp() - datagramsBefore).isEqualTo(1);
            assertThat(relay.clients()).isEqualTo(2);
            assertThat(loopback.collector.store().size()).isEqualTo(2);
        }
    }

    private CoapReporter viaRelay(EnrolmentLoopback.Node node, Optional<Path> state) {
        return new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:" + relay.address().getPort() + "/r"),
                node.id.value(),
                new DtlsCredentials.Certificate(node.identity(), node.anchors().orElseThrow(), "127.0.0.1"),
                SenmlFormat.CBOR,
                EnrolmentLoopback.TIMEOUT,
                LinkSettings.defaults(),
                state));
    }

    /**
     * R19: the node is a client only. Its UDP sockets, read from {@code /proc/net/udp*} through this process's
     * file descriptors, are exactly the ephemeral ones of its EST transport and its reporter, and no TCP socket
     * listens; after closing, none is left.
     */
    @Test
    void r19_nodeHasNoListeningSocketBesidesItsEphemeralClientSockets() throws Exception {
        Set<Long> before = socketInodes();
        int[] ephemeral = ephemeralRange();
        try (EnrolmentLoopback.Node node =
                loopback.node("r19").importBundle(loopback.issueBundle("r19", dir.resolve("r19.bundle")))) {
            node.enrolment.step();
            try (CoapReporter reporter = node.reporter()) {
                assertThat(reporter.report(EnrolmentLoopback.batch(0, 20))).isEqualTo(new ReportResult.Acknowledged(0));

                List<Socket> mine = sockets().stream()
                        .filter(s -> !before.contains(s.inode()))
                        .toList();
                Set<Integer> expected = Set.of(
                        reporter.localAddress().getPort(),
                        node.transport.localAddress().orElseThrow().getPort());
                assertThat(mine).extracting(Socket::protocol).isSubsetOf("udp", "udp6");
                assertThat(mine).extracting(Socket::port).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(mine).allSatisfy(s -> assertThat(s.port()).isBetween(ephemeral[0], ephemeral[1]));
            }
            node.transport.close();
        }
        assertThat(sockets().stream().filter(s -> !before.contains(s.inode()))).isEmpty();
    }

    record Socket(String protocol, int port, long inode, String state) {}

    private static Set<Long> socketInodes() throws IOException {
        Set<Long> out = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        out.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    /** UDP sockets, and listening TCP sockets, of this process. */
    private static List<Socket> sockets() throws IOException {
        Set<Long> ours = socketInodes();
        List<Socket> out = new java.util.ArrayList<>();
        for (String protocol : List.of("udp", "udp6", "tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/" + protocol));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                long inode = Long.parseLong(f[9]);
                String local = f[1];
                int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                boolean relevant = protocol.startsWith("udp") || f[3].equals("0A"); // 0A = TCP LISTEN
                if (ours.contains(inode) && relevant) {
                    out.add(new Socket(protocol, port, inode, f[3]));
                }
            }
        }
        return out;
    }

    private static int[] ephemeralRange() throws IOException {
        // One line, "low<TAB>high"; read as lines: /proc files report a size of 0.
        String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .get(0)
                .trim()
                .split("[\\s\\t]+");
        return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
    }
}
