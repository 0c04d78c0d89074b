// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.collector.ReadingFilter;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.NodeIdFile;
import org.tinylog.Logger;

/**
 * The soak run: a collector and a simulated node as separate OS processes, a lossy relay between them on
 * loopback, the node killed with SIGKILL at a fixed period and restarted, the collector restarted once; then the
 * backlog drains and the collector's database is compared with what the node sampled.
 *
 * <p>The node numbers every reading in its durable queue and never reuses a number, so after the last, clean
 * stop its {@code next_sequence} is the count of readings it ever sampled; the collector keeps each (node,
 * sequence) once. {@code lost} counts sequence numbers below that which the collector lacks; {@code duplicated}
 * counts readings stored twice with the same series and time (which a per-sequence key alone could hide).
 */
public final class Soak {
    /** How one soak run goes. */
    /** @param profile the node's profile, a file or a built-in name, on simulated buses (drivers.d plug-ins included) */
    public record Plan(
            Duration duration, int lossPercent, Duration killEvery, Duration drainLimit, long seed, String profile) {
        /** A plan on the demo's simulated weather station. */
        public Plan(Duration duration, int lossPercent, Duration killEvery, Duration drainLimit, long seed) {
            this(duration, lossPercent, killEvery, drainLimit, seed, "simulated-weather-station");
        }
    }

    /** What one soak run found. */
    public record Result(long sampled, long stored, long lost, long duplicated, int nodeKills, long dropped) {
        public String summary() {
            return "soak: sampled=%d stored=%d lost=%d duplicated=%d node_kills=%d"
                    .formatted(sampled, stored, lost, duplicated, nodeKills);
        }

        public boolean clean() {
            return sampled > 0 && lost == 0 && duplicated == 0 && stored == sampled;
        }
    }

    private final Plan plan;
    private final Path work;
    private final PrintWriter out;

    public Soak(Plan plan, Path work, PrintWriter out) {
        this.plan = plan;
        this.work = work;
        this.out = out;
    }

    public Result run() throws IOException, InterruptedException {
        Path nodeData = work.resolve("node");
        Path collectorData = work.resolve("collector");
        Files.createDirectories(collectorData);
        NodeId nodeId = NodeIdFile.loadOrCreate(nodeData.resolve("node-id"));
        Path pskFile = writeKeys(nodeId, collectorData);
        int collectorPort = freeUdpPort();
        Path log = work.resolve("soak.log");

        JavaProcess collector = startCollector(collectorData, collectorPort, log);
        int kills = 0;
        try (LossyUdpProxy proxy = new LossyUdpProxy(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), collectorPort),
                new LossyUdpProxy.Faults(plan.lossPercent(), 40, 2),
                plan.seed())) {
            List<String> nodeArgs = List.of(
                    "run",
                    "--profile",
                    plan.profile(),
                    "--collector",
                    "coaps://127.0.0.1:" + proxy.address().getPort() + "/r",
                    "--psk-file",
                    pskFile.toString(),
                    "--data-dir",
                    nodeData.toString());
            Instant end = Instant.now().plus(plan.duration());
            Instant collectorRestartAt = Instant.now().plus(plan.duration().dividedBy(2));
            boolean collectorRestarted = false;
            JavaProcess node = JavaProcess.start("node", log, nodeArgs);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(Math.min(
                        plan.killEvery().toMillis(),
                        Duration.between(Instant.now(), end).toMillis() + 1));
                if (!Instant.now().isBefore(end)) {
                    break;
                }
                node.kill();
                kills++;
                progress("killed the node (SIGKILL) %d time(s)".formatted(kills));
                if (!collectorRestarted && !Instant.now().isBefore(collectorRestartAt)) {
                    collector.stop(15);
                    collector = startCollector(collectorData, collectorPort, log);
                    collectorRestarted = true;
                    progress("restarted the collector");
                }
                node = JavaProcess.start("node", log, nodeArgs);
            }
            node.kill();
            kills++;
            progress("killed the node (SIGKILL) %d time(s); a last clean run drains the backlog".formatted(kills));
            List<String> lastRun = new java.util.ArrayList<>(nodeArgs);
            lastRun.addAll(List.of(
                    "--duration", "1s", "--drain-timeout", plan.drainLimit().toSeconds() + "s"));
            int exit = JavaProcess.start("node", log, lastRun)
                    .waitFor(plan.drainLimit().plusSeconds(30));
            if (exit != 0) {
                Logger.warn(
                        "Soak: the last node run did not drain its queue within {} (exit {})", plan.drainLimit(), exit);
            }
        } finally {
            collector.stop(15);
        }
        Map<String, String> status =
                StatusFile.read(nodeData).orElseThrow(() -> new IOException("the node left no status"));
        long sampled = Long.parseLong(status.getOrDefault("next_sequence", "0"));
        long dropped = Long.parseLong(status.getOrDefault("dropped", "0"));
        return compare(collectorData, nodeId, sampled, dropped, kills);
    }

    private Result compare(Path collectorData, NodeId nodeId, long sampled, long dropped, int kills)
            throws IOException {
        Set<Long> sequences = new HashSet<>();
        Set<String> seriesTimes = new HashSet<>();
        long[] stored = {0};
        long[] duplicated = {0};
        try (SqliteReadingStore store =
                SqliteReadingStore.openReadOnly(collectorData.resolve(SqliteReadingStore.FILE_NAME))) {
            store.scan(new ReadingFilter(Optional.of(nodeId.value()), Optional.empty(), Optional.empty()), r -> {
                stored[0]++;
                boolean newSequence = sequences.add(r.sequence());
                boolean newObservation = seriesTimes.add(r.name() + "@" + r.time());
                if (!newSequence || !newObservation) {
                    duplicated[0]++;
                }
            });
        }
        long lost = 0;
        for (long s = 0; s < sampled; s++) {
            if (!sequences.contains(s)) {
                lost++;
            }
        }
        return new Result(sampled, stored[0], lost, duplicated[0], kills, dropped);
    }

    private JavaProcess startCollector(Path data, int port, Path log) throws IOException, InterruptedException {
        JavaProcess collector = JavaProcess.start(
                "collector",
                log,
                List.of("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:" + port));
        Thread.sleep(2_500); // JVM start and socket bind; the node retries anyway
        return collector;
    }

    private static Path writeKeys(NodeId nodeId, Path collectorData) throws IOException {
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        java.util.Arrays.fill(key, (byte) 0);
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Path nodeKey = collectorData.getParent().resolve("node.psk");
        Files.deleteIfExists(nodeKey);
        Files.createFile(nodeKey, ownerOnly);
        Files.writeString(nodeKey, "identity=" + nodeId.value() + "\nkey=" + hex + "\n");
        Path directory = collectorData.resolve(PskDirectoryFile.FILE_NAME);
        Files.deleteIfExists(directory);
        Files.createFile(directory, ownerOnly);
        Files.writeString(directory, nodeId.value() + "=" + hex + "\n");
        return nodeKey;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }

    private void progress(String line) {
        synchronized (out) {
            out.println("soak: " + line);
            out.flush();
        }
    }
}
