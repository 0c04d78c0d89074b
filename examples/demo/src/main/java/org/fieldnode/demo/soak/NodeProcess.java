// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldnode.collector.PskDirectoryFile;
import org.fieldnode.runtime.app.StatusFile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.NodeIdFile;

/**
 * A {@code fieldnode run} node in its own process, started, killed and started again on one data directory: either a
 * PSK node (its key written to a file and to the collector's {@code psk-directory}) or an enrolled node (a bundle
 * issued by the collector's CA; the first start imports it and enrols over EST, later starts find the identity in the
 * keystore). Its output is appended to {@code <data>.log}.
 */
public final class NodeProcess {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final String name;
    private final Path data;
    private final Path log;
    private final Supplier<List<String>> firstArgs;
    private final Supplier<List<String>> args;
    private JavaProcess process;
    private boolean started;

    private NodeProcess(String name, Path data, Supplier<List<String>> firstArgs, Supplier<List<String>> args) {
        this.name = name;
        this.data = data;
        this.log = data.resolveSibling(data.getFileName() + ".log");
        this.firstArgs = firstArgs;
        this.args = args;
    }

    /**
     * A PSK node reporting to {@code collector}: a new node id and key in {@code data}, the key added to the
     * collector's {@code psk-directory} (which it reads when it starts, so make PSK nodes before starting it).
     *
     * @param drainTimeout how long the node delivers what it has queued once told to stop ({@code run
     *     --drain-timeout})
     */
    public static NodeProcess withPsk(Path data, CollectorProcess collector, Path profile, Duration drainTimeout)
            throws IOException {
        Files.createDirectories(data);
        String id = NodeIdFile.loadOrCreate(data.resolve(NodeIdFile.NAME)).value();
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        Arrays.fill(key, (byte) 0);
        Path pskFile = data.resolveSibling(data.getFileName() + ".psk");
        writeOwnerOnly(pskFile, "identity=" + id + "\nkey=" + hex + "\n", false);
        Files.createDirectories(collector.data());
        writeOwnerOnly(collector.data().resolve(PskDirectoryFile.FILE_NAME), id + "=" + hex + "\n", true);
        Supplier<List<String>> args = () -> List.of(
                "run",
                "--profile",
                profile.toString(),
                "--collector",
                collector.readingsUri(),
                "--psk-file",
                pskFile.toString(),
                "--data-dir",
                data.toString(),
                "--drain-timeout",
                drainTimeout.toSeconds() + "s");
        return new NodeProcess(id, data, args, args);
    }

    /**
     * An enrolled node: {@code collector enrolment issue} writes its bundle (the collector must run, so that the bundle
     * names its port), the first start imports it, later starts run on the enrolled identity.
     */
    public static NodeProcess enrolled(
            Path data, CollectorProcess collector, Path profile, String name, Duration drainTimeout)
            throws IOException, InterruptedException {
        Files.createDirectories(data);
        Path bundle = data.resolveSibling(data.getFileName() + "-bundle.txt");
        int exit = collector.command(
                List.of(
                        "collector",
                        "enrolment",
                        "issue",
                        name,
                        "--out",
                        bundle.toString(),
                        "--collector",
                        "coaps://127.0.0.1:" + collector.port(),
                        "--allow-loopback",
                        "--data-dir",
                        collector.data().toString()),
                Duration.ofSeconds(60));
        if (exit != 0 || !Files.isRegularFile(bundle)) {
            throw new IOException("collector enrolment issue " + name + " failed (exit " + exit + ")");
        }
        List<String> args = List.of(
                "run",
                "--profile",
                profile.toString(),
                "--data-dir",
                data.toString(),
                "--wrapping-key",
                data.resolve("wrapping.key").toString(),
                "--drain-timeout",
                drainTimeout.toSeconds() + "s");
        List<String> first = new ArrayList<>(args);
        first.addAll(List.of("--bundle", bundle.toString()));
        return new NodeProcess(name, data, () -> first, () -> args);
    }

    /** Starts {@code fieldnode run} and waits until it runs: its status file names its process. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " runs already");
        }
        process = JavaProcess.start("node", log, (started ? args : firstArgs).get());
        started = true;
        awaitRunning(process, data, log, START_LIMIT);
    }

    /** SIGKILL: the node's power cut. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /**
     * SIGTERM: the node stops sampling and delivers what is queued within its drain timeout ({@code run
     * --drain-timeout}, default 10 s), then exits 0 when its queue is empty. Kills it after {@code limit}.
     */
    public int stop(Duration limit) throws InterruptedException {
        return process == null ? 0 : process.stop(limit.toSeconds());
    }

    /** SIGTERM, without waiting: the node stops sampling and delivers its queue (see {@link #awaitExit}). */
    public void terminate() {
        if (process != null) {
            process.terminate();
        }
    }

    /** Waits for the node to exit by itself, killing it after {@code limit}; its exit code (0: queue delivered). */
    public int awaitExit(Duration limit) throws InterruptedException {
        return process == null ? 0 : process.waitFor(limit);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The node id the collector files its readings under (for a PSK node its identity, for an enrolled node its
     * certificate's CN, which is its node id); known once it has started.
     */
    public String nodeId() throws IOException {
        return Files.readString(data.resolve("node-id"), StandardCharsets.US_ASCII)
                .strip();
    }

    /** The node's status file, if it wrote one. */
    public Optional<Map<String, String>> status() throws IOException {
        try {
            return StatusFile.read(data);
        } catch (IOException e) {
            return Optional.empty(); // replaced while read; the next read sees the new one
        }
    }

    /** Readings the node has numbered: its status file's {@code next_sequence}, 0 before it wrote one. */
    public long numbered() throws IOException {
        return status().map(v -> Long.parseLong(v.getOrDefault("next_sequence", "0")))
                .orElse(0L);
    }

    public Path data() {
        return data;
    }

    public Path log() {
        return log;
    }

    /** Waits until the node's status file names {@code node}: its queue is open, sampling and delivery started. */
    static void awaitRunning(JavaProcess node, Path data, Path log, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String pid = Long.toString(node.pid());
        while (System.nanoTime() < deadline && node.isAlive()) {
            Optional<Map<String, String>> status;
            try {
                status = StatusFile.read(data);
            } catch (IOException e) {
                status = Optional.empty(); // replaced while read
            }
            if (status.isPresent() && pid.equals(status.get().get("pid"))) {
                return;
            }
            Thread.sleep(10);
        }
        if (!node.isAlive()) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException("the node exited during start-up: "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        }
        throw new IOException("the node did not start within " + limit.toSeconds() + " s");
    }

    private static void writeOwnerOnly(Path file, String text, boolean append) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(
                file,
                text,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String toString() {
        return "node " + name + (process == null ? "" : " (pid " + process.pid() + ")");
    }
}
