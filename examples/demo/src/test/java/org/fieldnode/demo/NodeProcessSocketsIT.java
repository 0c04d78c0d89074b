// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R19 for a real node process: {@code fieldnode run} in its own JVM reports to a collector on loopback, and
 * its sockets are read from outside as {@code ss} reads them ({@code /proc/<pid>/fd} for its socket inodes,
 * {@code /proc/net/udp}, {@code udp6}, {@code tcp}, {@code tcp6} for what they are). Its only UDP socket is connected
 * to the collector and bound to the route's source address: nothing listens, on no interface, and {@code ss -uln}
 * (when installed) lists none of its ports.
 */
class NodeProcessSocketsIT {
    private static final String ESTABLISHED = "01";
    private static final String TCP_LISTEN = "0A";

    @TempDir
    Path dir;

    @Test
    void runningNode_hasOneUdpSocket_connectedToTheCollector_andNoListener() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc to read a process's sockets");
        Path data = dir.resolve("data");
        NodeId id = NodeIdFile.loadOrCreate(data.resolve("node-id"));
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        Path pskFile = dir.resolve("psk");
        Files.createFile(pskFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                pskFile, "identity=" + id.value() + "\nkey=" + HexFormat.of().formatHex(key) + "\n");
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(new PskCredential(id.value(), key));

        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .build()) {
            collector.start();
            Process node = start(
                    dir.resolve("node.log"),
                    "run",
                    "--profile",
                    Demo.PROFILE,
                    "--collector",
                    "coaps://127.0.0.1:" + collector.address().getPort() + "/r",
                    "--psk-file",
                    pskFile.toString(),
                    "--data-dir",
                    data.toString(),
                    "--duration",
                    "60s");
            try {
                awaitAcknowledged(node, data);

                List<Socket> sockets = socketsOf(node.pid());
                List<Socket> udp = sockets.stream()
                        .filter(s -> s.table().startsWith("udp"))
                        .toList();
                assertThat(sockets)
                        .as("no TCP socket listens")
                        .noneMatch(s -> s.table().startsWith("tcp") && s.state().equals(TCP_LISTEN));
                assertThat(udp).as(Files.readString(dir.resolve("node.log"))).hasSize(1);
                Socket socket = udp.get(0);
                assertThat(socket.state())
                        .as("connected (ESTAB), not listening (UNCONN)")
                        .isEqualTo(ESTABLISHED);
                assertThat(socket.remote()).isEqualTo(collector.address());
                assertThat(socket.local().getAddress().isAnyLocalAddress())
                        .as("bound to every interface")
                        .isFalse();
                assertThat(socket.local().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
                Optional<String> ss = listeningUdp();
                ss.ifPresent(listing -> assertThat(listing)
                        .as("ss -uln")
                        .doesNotContain(":" + socket.local().getPort() + " "));
            } finally {
                node.destroy();
                if (!node.waitFor(30, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
        }
    }

    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx96m",
                // the product's log set-up, not the tests' (tinylog prefers tinylog-test.properties when on the path)
                "-Dtinylog.configuration=tinylog.properties",
                "-cp",
                System.getProperty("java.class.path"),
                "org.fieldnode.runtime.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Until the node's status file shows an acknowledged report, at most a minute. */
    private static void awaitAcknowledged(Process node, Path data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            assertThat(node.isAlive()).as("the node exited").isTrue();
            Optional<Map<String, String>> status = StatusFile.read(data);
            if (status.isPresent()
                    && !status.get().getOrDefault("acknowledged", "0").equals("0")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("no acknowledged report within a minute");
    }

    record Socket(String table, InetSocketAddress local, InetSocketAddress remote, String state) {}

    /** The process's sockets: its socket inodes from {@code /proc/PID/fd}, looked up in {@code /proc/net/*}. */
    private static List<Socket> socketsOf(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        }
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("udp", "udp6", "tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (inodes.contains(Long.parseLong(f[9]))) {
                    sockets.add(new Socket(table, address(f[1]), address(f[2]), f[3]));
                }
            }
        }
        return sockets;
    }

    /** {@code 0100007F:1F90}: 32-bit words in host (little-endian) order, then the port; all hex. */
    private static InetSocketAddress address(String field) throws IOException {
        String[] parts = field.split(":");
        byte[] raw = HexFormat.of().parseHex(parts[0]);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), Integer.parseInt(parts[1], 16));
    }

    /** What {@code ss -uln} prints, when {@code ss} is installed. */
    private static Optional<String> listeningUdp() throws Exception {
        try {
            Process ss =
                    new ProcessBuilder("ss", "-uln").redirectErrorStream(true).start();
            if (!ss.waitFor(10, TimeUnit.SECONDS)) {
                ss.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
    }
}
