// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoredReading;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;

/**
 * A kill -9 loop of real node processes (SECURITY R37, R39), {@code nodes} of them side by side with their own
 * identities and data directories: {@code fieldnode run} is started on a simulated
 * two-sensor profile sampling every second with per-batch fsync, reporting over DTLS to an in-process collector on
 * loopback, and killed with SIGKILL {@code minDelay..maxDelay} after it is up (its status file names its pid), that
 * is while it samples, appends, handshakes and delivers; one start in eight is killed at a random instant of its
 * start-up instead (queue recovery, JVM start). After the last kill a clean run drains the queue, and the collector
 * is compared with the node's {@code next_sequence}: nothing may be lost or stored twice.
 */
public final class NodeKillLoop {
    /**
     * How long a restarted node may take to open its queue and write its status: a bound, not a measurement; a JVM
     * start took over 30 s once on two cores shared with two builds (load average 20).
     */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    /** How the loop goes. */
    public record Plan(int kills, int nodes, Duration minDelay, Duration maxDelay, Duration drainLimit, long seed) {
        public Plan {
            if (nodes < 1 || kills < nodes) {
                throw new IllegalArgumentException("need at least one node and one kill per node");
            }
        }
    }

    /** What the loop found; {@code took} is its wall time. */
    public record Result(
            long sampled, long stored, long lost, long duplicated, int kills, int killsDuringStartup, Duration took) {
        public String summary() {
            return "kill-loop: kills=%d during_startup=%d sampled=%d stored=%d lost=%d duplicated=%d took=%ds"
                    .formatted(kills, killsDuringStartup, sampled, stored, lost, duplicated, took.toSeconds());
        }

        public boolean clean() {
            return sampled > 0 && lost == 0 && duplicated == 0 && stored == sampled;
        }
    }

    private static final String PROFILE = """
            # fieldnode kill loop: two simulated sensors every second, small batches, fsync per batch
            board: simulated
            buses: { i2c1: { kind: i2c, simulated: true } }
            sensors:
              - { id: env0, compatible: "bosch,bme280", bus: i2c1, reg: 0x76, interval: 1s }
              - { id: lux0, compatible: "rohm,bh1750", bus: i2c1, reg: 0x23, interval: 1s }
            report: { batch-readings: 4 }
            queue: { fsync: per-batch }
            """;

    private final Plan plan;
    private final Path work;
    private final PrintWriter out;

    public NodeKillLoop(Plan plan, Path work, PrintWriter out) {
        this.plan = plan;
        this.work = work;
        this.out = out;
    }

    public Result run() throws IOException, InterruptedException {
        long began = System.nanoTime();
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        List<NodeUnderTest> nodes = new ArrayList<>();
        for (int i = 0; i < plan.nodes(); i++) {
            nodes.add(NodeUnderTest.create(work.resolve("kill-loop-node" + i), directory));
        }
        Path profile = Files.writeString(work.resolve("kill-loop.yaml"), PROFILE);
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(directory)
                .build()) {
            collector.start();
            String target = "coaps://127.0.0.1:" + collector.address().getPort() + "/r";
            ExecutorService loops = Executors.newFixedThreadPool(plan.nodes());
            List<Future<int[]>> done = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                NodeUnderTest node = nodes.get(i);
                int share = plan.kills() / plan.nodes() + (i < plan.kills() % plan.nodes() ? 1 : 0);
                Random random = new Random(plan.seed() + i);
                done.add(loops.submit(() -> killLoop(node, node.args(profile, target), share, random)));
            }
            int kills = 0;
            int duringStartup = 0;
            try {
                for (Future<int[]> f : done) {
                    int[] r = f.get();
                    kills += r[0];
                    duringStartup += r[1];
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("a kill loop failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                loops.shutdownNow();
            }
            long sampled = 0;
            long stored = 0;
            long lost = 0;
            long duplicated = 0;
            for (NodeUnderTest node : nodes) {
                List<String> last = new ArrayList<>(node.args(profile, target));
                last.addAll(List.of(
                        "--duration", "2s", "--drain-timeout", plan.drainLimit().toSeconds() + "s"));
                int exit = JavaProcess.start("node", node.log(), last)
                        .waitFor(plan.drainLimit().plusSeconds(30));
                if (exit != 0) {
                    progress("the last run of %s did not drain (exit %d); see %s"
                            .formatted(node.id(), exit, node.log()));
                }
                Map<String, String> status =
                        StatusFile.read(node.data()).orElseThrow(() -> new IOException("the node left no status"));
                long numbered = Long.parseLong(status.getOrDefault("next_sequence", "0"));
                List<StoredReading> mine = collector.store().all().stream()
                        .filter(r -> r.device().equals(node.id()))
                        .toList();
                DeliveryAudit audit = DeliveryAudit.of(mine, numbered, s -> true);
                sampled += numbered;
                stored += audit.stored();
                lost += audit.lost();
                duplicated += audit.duplicated();
            }
            return new Result(
                    sampled,
                    stored,
                    lost,
                    duplicated,
                    kills,
                    duringStartup,
                    Duration.ofNanos(System.nanoTime() - began));
        }
    }

    /** One node's data directory, key file and log; its key is in {@code directory}. */
    private record NodeUnderTest(String id, Path data, Path pskFile, Path log) {
        static NodeUnderTest create(Path data, InMemoryPskDirectory directory) throws IOException {
            Files.createDirectories(data);
            NodeId nodeId = NodeIdFile.loadOrCreate(data.resolve("node-id"));
            byte[] key = new byte[16];
            NodeId.nonBlockingRandom().nextBytes(key);
            directory.add(new PskCredential(nodeId.value(), key));
            Path pskFile = data.resolveSibling(data.getFileName() + ".psk");
            Files.deleteIfExists(pskFile);
            Files.createFile(
                    pskFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    pskFile,
                    "identity=" + nodeId.value() + "\nkey=" + HexFormat.of().formatHex(key) + "\n");
            java.util.Arrays.fill(key, (byte) 0);
            return new NodeUnderTest(nodeId.value(), data, pskFile, data.resolveSibling(data.getFileName() + ".log"));
        }

        List<String> args(Path profile, String collector) {
            return List.of(
                    "run",
                    "--profile",
                    profile.toString(),
                    "--collector",
                    collector,
                    "--psk-file",
                    pskFile.toString(),
                    "--data-dir",
                    data.toString());
        }
    }

    /** Starts and kills one node {@code kills} times; returns {kills, kills during start-up}. */
    private int[] killLoop(NodeUnderTest node, List<String> args, int kills, Random random)
            throws IOException, InterruptedException {
        int done = 0;
        int duringStartup = 0;
        while (done < kills) {
            JavaProcess process = JavaProcess.start("node", node.log(), args);
            try {
                if (random.nextInt(8) == 0) {
                    Thread.sleep(random.nextInt(800));
                    duringStartup++;
                } else {
                    NodeProcess.awaitRunning(process, node.data(), node.log(), START_LIMIT);
                    long spread = plan.maxDelay().toMillis() - plan.minDelay().toMillis();
                    Thread.sleep(plan.minDelay().toMillis() + (spread > 0 ? random.nextLong(spread + 1) : 0));
                }
            } finally {
                process.kill(); // also when it did not start in time: no node outlives the loop
            }
            done++;
            if (done % 25 == 0) {
                progress("killed %s (SIGKILL) %d time(s)".formatted(node.id(), done));
            }
        }
        return new int[] {done, duringStartup};
    }

    private void progress(String line) {
        synchronized (out) {
            out.println("soak: " + line);
            out.flush();
        }
    }
}
