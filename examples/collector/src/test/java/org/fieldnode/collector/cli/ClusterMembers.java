// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.fieldnode.collector.postgresql.ClusterKeys;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.security.psk.PskCredential;

/**
 * A cluster of {@code fieldnode collector serve} processes on loopback for the tests: each with a data directory of
 * its own (the same PSK directory in each), all sharing one PostgreSQL store and forwarding to each other on
 * internal ports chosen up front.
 */
final class ClusterMembers implements AutoCloseable {
    static final Pattern LISTENING = Pattern.compile(
            "collector: coaps=127\\.0\\.0\\.1:(\\d+) .* store=\\S+ cluster_node=(\\d+) .*ca=(sha256:[0-9a-f]{64})");

    private final List<ServeProcess> members = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    /** Starts {@code count} members, one after the other, with {@code keys} in every member's PSK directory. */
    static ClusterMembers start(
            Path root, int count, PostgresLocation store, Path credentials, List<PskCredential> keys) throws Exception {
        List<Integer> internal = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            internal.add(freePort());
        }
        StringBuilder directory = new StringBuilder();
        for (PskCredential key : keys) {
            directory
                    .append(key.identity())
                    .append('=')
                    .append(HexFormat.of().formatHex(key.secret()))
                    .append('\n');
        }
        ClusterMembers cluster = new ClusterMembers();
        try {
            for (int i = 0; i < count; i++) {
                Path dir = Files.createDirectories(root.resolve("member-" + i));
                Path psk = dir.resolve("psk-directory");
                Files.writeString(psk, directory);
                Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
                List<String> args = new ArrayList<>(List.of(
                        "--store",
                        store.url(),
                        "--store-credentials",
                        credentials.toString(),
                        "--cluster-node",
                        Integer.toString(i),
                        "--cluster-internal",
                        "127.0.0.1:" + internal.get(i)));
                for (int j = 0; j < count; j++) {
                    if (j != i) {
                        args.addAll(List.of("--cluster-peer", j + "=127.0.0.1:" + internal.get(j)));
                    }
                }
                if (i > 0) {
                    // the first member made the CA; the others need its wrapping key, which the database never holds
                    ClusterKeys.copy(cluster.dataDirs.get(0), dir);
                }
                cluster.dataDirs.add(dir);
                cluster.members.add(ServeProcess.start(dir, LISTENING, args.toArray(String[]::new)));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }

    ServeProcess member(int index) {
        return members.get(index);
    }

    Path dataDir(int index) {
        return dataDirs.get(index);
    }

    /** Every member's CoAPS address, in member order. */
    List<InetSocketAddress> coaps() {
        return members.stream()
                .map(m -> new InetSocketAddress(
                        "127.0.0.1", Integer.parseInt(m.listening().group(1))))
                .toList();
    }

    @Override
    public void close() {
        for (ServeProcess member : members) {
            if (member.process().isAlive()) {
                member.process().destroyForcibly();
            }
        }
    }
}
