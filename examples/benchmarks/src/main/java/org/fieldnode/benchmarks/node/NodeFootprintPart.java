// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.fieldnode.benchmarks.floor.BareClient;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.MemoryReadingStore;
import org.fieldnode.demo.Lwm2mDemoServer;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.NodeIdFile;

/**
 * Node footprint and start-up against the bare client: a real {@code fieldnode run} process (the simulated
 * weather-station kit: 4 sensors sampled every second, durable queue with an fsync per append, reporting over
 * DTLS-PSK at once) and {@link BareClient} (1 POST/s), each started {@link BenchContext#repetitions()} times,
 * alternately, with the same JVM flags and the same class path (an installed node's), both reporting to one real
 * {@link CollectorServer} in this JVM. Each process gets a fresh data directory and PSK identity, so each does a
 * full handshake, like the floor.
 *
 * <p>Per run: start-up is the wall time from spawning the process to its first "acknowledged" log line; VmRSS is
 * sampled over the second half of the run (the steady window), VmHWM read just before stopping, and utime+stime
 * taken over the steady window and divided by its cycles (one sampling-and-report cycle per second for the node, one
 * POST per second for the floor). Figures are medians over the runs.
 */
public final class NodeFootprintPart implements BenchPart {
    /** What the node logs on its first acknowledged batch ({@code DeliveryLoop}). */
    static final String NODE_FIRST_ACK = "First batch acknowledged";

    private static final String NODE_MAIN = "org.fieldnode.runtime.cli.Main";
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(250);

    private final Duration quickRun;
    private final Duration fullRun;
    private final int repetitionsOverride;
    private final Function<Kind, List<String>> extraFlags;
    private volatile long nodeReadings;

    /** Runs of 12 s with {@code --quick}, 20 s otherwise. */
    public NodeFootprintPart() {
        this(Duration.ofSeconds(12), Duration.ofSeconds(20), 0, kind -> List.of());
    }

    /** For tests: runs of {@code run} each, {@code repetitions} of each process. */
    NodeFootprintPart(Duration run, int repetitions) {
        this(run, run, repetitions, kind -> List.of());
    }

    /**
     * For measuring a lever that differs per process, such as an AOT cache (a JDK 25 cache belongs to one
     * application): {@code extraFlags} are added to the context's JVM flags of each kind of process.
     */
    NodeFootprintPart(Duration run, int repetitions, Function<Kind, List<String>> extraFlags) {
        this(run, run, repetitions, extraFlags);
    }

    private NodeFootprintPart(
            Duration quickRun, Duration fullRun, int repetitionsOverride, Function<Kind, List<String>> extraFlags) {
        this.quickRun = quickRun;
        this.fullRun = fullRun;
        this.repetitionsOverride = repetitionsOverride;
        this.extraFlags = extraFlags;
    }

    /** The processes compared: the node on the CoAP reporter, the node on the LwM2M client, the bare client. */
    enum Kind {
        NODE,
        LWM2M_NODE,
        FLOOR
    }

    @Override
    public String id() {
        return "node";
    }

    @Override
    public String name() {
        return "node footprint and start-up";
    }

    /** Readings the collector stored from the node processes of the last {@link #measure}. */
    long nodeReadings() {
        return nodeReadings;
    }

    @Override
    public List<Figure> measure(BenchContext context) throws Exception {
        Duration runLength = context.quick() ? quickRun : fullRun;
        int repetitions = repetitionsOverride > 0 ? repetitionsOverride : context.repetitions();
        Path dir = Files.createDirectories(context.workDir().resolve("node-footprint"));
        ClassPaths classPaths = ClassPaths.find();
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        List<String> nodeIds = new ArrayList<>();
        List<Path> nodeData = new ArrayList<>();
        List<Path> nodePsk = new ArrayList<>();
        List<Path> barePsk = new ArrayList<>();
        List<String> lwm2mIds = new ArrayList<>();
        List<Path> lwm2mData = new ArrayList<>();
        List<Path> lwm2mPsk = new ArrayList<>();
        List<PskCredential> lwm2mKeys = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            // The LwM2M node registers under its node id (its endpoint name), which is its PSK identity too.
            Path lwData = Files.createDirectories(dir.resolve("lwm2m-node-" + i));
            String lwId = NodeIdFile.loadOrCreate(lwData.resolve("node-id")).value();
            lwm2mIds.add(lwId);
            lwm2mData.add(lwData);
            Path lwPsk = pskFile(dir, lwId, new InMemoryPskDirectory());
            lwm2mPsk.add(lwPsk);
            lwm2mKeys.add(org.fieldnode.security.psk.PskFile.read(lwPsk));
        }
        for (int i = 1; i <= repetitions; i++) {
            // A node reports under its node id, which must be its PSK identity; a fresh one per run.
            Path data = Files.createDirectories(dir.resolve("node-" + i));
            String nodeId = NodeIdFile.loadOrCreate(data.resolve("node-id")).value();
            nodeIds.add(nodeId);
            nodeData.add(data);
            nodePsk.add(pskFile(dir, nodeId, keys));
            // Two-character identities keep the floor's pack at 65 bytes.
            barePsk.add(pskFile(dir, "b" + Integer.toString(i, 36), keys));
        }
        CountingStore store = new CountingStore(new MemoryReadingStore());
        List<Run> nodeRuns = new ArrayList<>();
        List<Run> bareRuns = new ArrayList<>();
        List<Run> lwm2mRuns = new ArrayList<>();
        try (CollectorServer collector = CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(keys)
                        .store(store)
                        .build();
                Lwm2mDemoServer lwm2m = Lwm2mDemoServer.withPsk(lwm2mKeys, value -> {})) {
            collector.start();
            String uri = "coaps://127.0.0.1:" + collector.address().getPort() + "/r";
            Path profile = writeProfile(dir);
            Path lwm2mProfile = writeLwm2mProfile(dir, lwm2m.uri());
            long runSeconds = runLength.toSeconds();
            for (int i = 0; i < repetitions; i++) {
                int n = i + 1;
                String nodeId = nodeIds.get(i);
                String bareId = "b" + Integer.toString(i + 1, 36);
                Path data = nodeData.get(i);
                List<String> node = context.javaCommand(
                        NODE_MAIN,
                        List.of(
                                "run",
                                "--profile",
                                profile.toString(),
                                "--collector",
                                uri,
                                "--psk-file",
                                nodePsk.get(i).toString(),
                                "--data-dir",
                                data.toString(),
                                "--duration",
                                (runSeconds + 60) + "s",
                                "--drain-timeout",
                                "1s"));
                List<String> bare = context.javaCommand(
                        BareClient.class.getName(),
                        List.of(
                                uri,
                                barePsk.get(i).toString(),
                                "1000",
                                Long.toString(runSeconds + 60),
                                Long.toString(1_000_000L * (i + 1))));
                Measured nodeRun = () -> nodeRuns.add(run(
                        context,
                        "fieldnode node " + n,
                        command(node, classPaths.node(), extraFlags.apply(Kind.NODE)),
                        dir,
                        nodeId,
                        NODE_FIRST_ACK,
                        runLength,
                        store));
                Measured bareRun = () -> bareRuns.add(run(
                        context,
                        "bare client " + n,
                        command(bare, classPaths.floor(), extraFlags.apply(Kind.FLOOR)),
                        dir,
                        bareId,
                        BareClient.FIRST_ACK,
                        runLength,
                        store));
                List<String> lwm2mNode = context.javaCommand(
                        NODE_MAIN,
                        List.of(
                                "run",
                                "--profile",
                                lwm2mProfile.toString(),
                                "--psk-file",
                                lwm2mPsk.get(i).toString(),
                                "--data-dir",
                                lwm2mData.get(i).toString(),
                                "--duration",
                                (runSeconds + 60) + "s",
                                "--drain-timeout",
                                "1s"));
                String lwm2mId = lwm2mIds.get(i);
                Measured lwm2mRun = () -> lwm2mRuns.add(run(
                        context,
                        "fieldnode LwM2M node " + n,
                        command(lwm2mNode, classPaths.node(), extraFlags.apply(Kind.LWM2M_NODE)),
                        dir,
                        lwm2mId,
                        NODE_FIRST_ACK,
                        runLength,
                        store));
                // Rotate which goes first, so that a drift of the machine's load touches all alike.
                List<Measured> order = new ArrayList<>(List.of(nodeRun, bareRun, lwm2mRun));
                java.util.Collections.rotate(order, i);
                for (Measured measured : order) {
                    measured.run();
                }
            }
            nodeReadings = nodeRuns.stream().mapToLong(Run::readings).sum();
        }
        String runs = String.format(
                Locale.ROOT, "median of %d runs of %d s, %s", repetitions, runLength.toSeconds(), classPaths.note());
        double postsPerCycle = median(nodeRuns, r -> (double) r.batches() / r.cycles());
        double readingsPerCycle = median(nodeRuns, r -> (double) r.readings() / r.cycles());
        return List.of(
                Figure.withFloor(
                                "node_peak_rss",
                                "node peak RSS",
                                "MiB",
                                median(nodeRuns, Run::peakMib),
                                median(bareRuns, Run::peakMib),
                                Target.none())
                        .withNote("VmHWM before stop; " + runs + "; the target is on steady state"),
                Figure.withFloor(
                                "node_steady_rss",
                                "node steady-state RSS (4 sensors, durable queue, DTLS session)",
                                "MiB",
                                median(nodeRuns, Run::steadyMib),
                                median(bareRuns, Run::steadyMib),
                                Target.ratioAtMost(1.15))
                        .withNote("median VmRSS over the second half; " + runs),
                Figure.withFloor(
                                "startup",
                                "start → first acknowledged reading",
                                "ms",
                                median(nodeRuns, Run::startupMillis),
                                median(bareRuns, Run::startupMillis),
                                Target.ratioAtMost(1.25))
                        .withNote("spawn to the first ACK logged; " + runs),
                Figure.withFloor(
                                "cpu_per_cycle",
                                "CPU per sampling-and-report cycle",
                                "ms",
                                median(nodeRuns, Run::cpuMillisPerCycle),
                                median(bareRuns, Run::cpuMillisPerCycle),
                                Target.none())
                        .withNote(String.format(
                                Locale.ROOT,
                                "utime+stime over the second half (10 ms ticks) per second; floor: 1 POST/s;"
                                        + " node: %.1f POSTs, %.1f readings per cycle",
                                postsPerCycle,
                                readingsPerCycle)),
                Figure.withFloor(
                                "node_lwm2m_peak_rss",
                                "LwM2M node peak RSS",
                                "MiB",
                                median(lwm2mRuns, Run::peakMib),
                                median(bareRuns, Run::peakMib),
                                Target.none())
                        .withNote("the same node on the LwM2M client (Leshan) to a Leshan server; VmHWM; " + runs),
                Figure.withFloor(
                                "node_lwm2m_steady_rss",
                                "LwM2M node steady-state RSS",
                                "MiB",
                                median(lwm2mRuns, Run::steadyMib),
                                median(bareRuns, Run::steadyMib),
                                Target.none())
                        .withNote(String.format(
                                Locale.ROOT,
                                "median VmRSS over the second half; CoAP node: %.1f MiB; %s",
                                median(nodeRuns, Run::steadyMib),
                                runs)),
                Figure.withFloor(
                                "startup_lwm2m",
                                "LwM2M node start → first acknowledged Send",
                                "ms",
                                median(lwm2mRuns, Run::startupMillis),
                                median(bareRuns, Run::startupMillis),
                                Target.none())
                        .withNote(String.format(
                                Locale.ROOT,
                                "spawn to the first ACK logged (registration included); CoAP node: %.0f ms; %s",
                                median(nodeRuns, Run::startupMillis),
                                runs)));
    }

    @FunctionalInterface
    private interface Measured {
        void run() throws Exception;
    }

    /** What one process did: its figures and what the collector got from it in the steady window. */
    record Run(
            double startupMillis,
            double peakMib,
            double steadyMib,
            double cpuMillisPerCycle,
            long batches,
            long readings,
            double cycles) {}

    private static Run run(
            BenchContext context,
            String label,
            List<String> command,
            Path dir,
            String device,
            String marker,
            Duration runLength,
            CountingStore store)
            throws IOException, InterruptedException {
        context.step("node footprint: %s", label);
        long steadyFrom = runLength.toMillis() / 2;
        List<Long> steadyKib = new ArrayList<>();
        long cpuAtStart = -1;
        long windowStart = 0;
        long batchesAtStart = 0;
        long readingsAtStart = 0;
        long peakKib;
        long cpuAtEnd;
        long windowEnd;
        Path log = dir.resolve(device + ".log");
        WatchedProcess process = WatchedProcess.start(command, log, marker);
        try {
            while (process.sinceSpawnMillis() < runLength.toMillis()) {
                Thread.sleep(SAMPLE_PERIOD.toMillis());
                if (!process.isAlive()) {
                    throw new IllegalStateException(device + " ended early; see " + tail(log));
                }
                if (process.sinceSpawnMillis() >= steadyFrom) {
                    if (cpuAtStart < 0) {
                        cpuAtStart = ProcFs.cpuTicks(process.pid());
                        windowStart = System.nanoTime();
                        batchesAtStart = store.batches(device);
                        readingsAtStart = store.readings(device);
                    }
                    steadyKib.add(ProcFs.residentKib(process.pid()));
                }
            }
            cpuAtEnd = ProcFs.cpuTicks(process.pid());
            windowEnd = System.nanoTime();
            peakKib = ProcFs.peakResidentKib(process.pid());
        } finally {
            process.close();
        }
        long startup = process.markerMillis()
                .orElseThrow(() -> new IllegalStateException(
                        device + " never logged an acknowledged report (" + marker + "); see " + tail(log)));
        double cycles = (windowEnd - windowStart) / 1e9; // one cycle (or one POST) per second
        return new Run(
                startup,
                peakKib / 1024.0,
                medianOf(steadyKib) / 1024.0,
                (cpuAtEnd - cpuAtStart) * 1000.0 / ProcFs.TICKS_PER_SECOND / cycles,
                store.batches(device) - batchesAtStart,
                store.readings(device) - readingsAtStart,
                cycles);
    }

    /** The log's path and its last lines, for a failure message. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return log.toString();
        }
    }

    /** {@code command} (java, flags, -cp, main, args) with its class path replaced and {@code flags} added. */
    private static List<String> command(List<String> command, String classPath, List<String> flags) {
        List<String> replaced = new ArrayList<>(command);
        int cp = replaced.indexOf("-cp");
        replaced.set(cp + 1, classPath);
        replaced.addAll(cp, flags);
        return replaced;
    }

    /**
     * The weather-station kit on simulators (as the built-in simulated-weather-station-kit), every sensor each
     * second, first report at once, then at most one batch a second (the drain gap; the four sensors' readings of a
     * cycle travel together), and an fsync per append (the queue's default, pinned
     * here so that start-up measures the node, not an fsync interval).
     */
    private static Path writeProfile(Path dir) throws IOException {
        Path counters = Files.createDirectories(dir.resolve("counters"));
        String yaml = """
                extends: weather-station
                board: simulated
                buses:
                  i2c1: { simulated: true }
                  rain: { simulated: true }
                  wind: { simulated: true }
                sensors:
                  env0: { interval: 1s }
                  rain0: { interval: 1s, properties: { simulated-hz: 0.05, state-dir: "%1$s" } }
                  wind0: { interval: 1s, properties: { simulated-hz: 3, state-dir: "%1$s" } }
                  power0: { interval: 1s }
                report:
                  start-delay: 0s
                  interval: 0s
                  drain-gap: 1s
                queue:
                  disk-budget: 8MiB
                  fsync: per-batch
                """.formatted(counters);
        Path file = dir.resolve("bench-weather-station.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The same kit reporting through the LwM2M client to {@code server} (endpoint: the node id). */
    private static Path writeLwm2mProfile(Path dir, java.net.URI server) throws IOException {
        String coap = Files.readString(writeProfile(dir));
        Path file = dir.resolve("bench-weather-station-lwm2m.yaml");
        Files.writeString(file, coap.replace("report:\n", "report:\n  protocol: lwm2m\n  server: " + server + "\n"));
        return file;
    }

    /** A fresh random key for {@code identity}, registered with the collector and written as a 0600 PSK file. */
    private static Path pskFile(Path dir, String identity, InMemoryPskDirectory keys) throws IOException {
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        keys.add(new PskCredential(identity, key));
        Path file = dir.resolve(identity + ".psk");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
                file, "identity=" + identity + "\nkey=" + HexFormat.of().formatHex(key) + "\n");
        java.util.Arrays.fill(key, (byte) 0);
        return file;
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static double medianOf(List<Long> samples) {
        if (samples.isEmpty()) {
            throw new IllegalStateException("no RSS sample in the steady window");
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * The class paths of the two processes: an installed node's jars (written by the build, see the module's pom)
     * for the node, the same plus this module's classes for the floor; both load what they use and nothing else.
     */
    record ClassPaths(String node, String floor, String note) {
        static ClassPaths find() throws IOException, URISyntaxException {
            Path own = Path.of(BareClient.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            String ownClasses = ownJar(own).orElse(own).toString();
            try (InputStream in = NodeFootprintPart.class.getResourceAsStream("node.classpath")) {
                if (in == null) {
                    String all = System.getProperty("java.class.path");
                    return new ClassPaths(all, all, "bench class path (node.classpath not built)");
                }
                String node = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                return new ClassPaths(
                        node, ownClasses + java.io.File.pathSeparator + node, "installed node's class path");
            }
        }

        /**
         * This module's jar next to its classes directory, when built: the floor then runs from jars only, as the
         * node does (and a JDK AOT cache accepts no non-empty directory on the class path).
         */
        private static java.util.Optional<Path> ownJar(Path classes) throws IOException {
            if (!Files.isDirectory(classes) || classes.getParent() == null) {
                return java.util.Optional.empty();
            }
            try (var files = Files.list(classes.getParent())) {
                return files.filter(f -> f.getFileName().toString().matches("fieldnode-benchmarks-.*\\.jar"))
                        .findFirst();
            }
        }
    }
}
