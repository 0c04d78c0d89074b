// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo.soak;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.collector.PskDirectoryFile;

/**
 * {@code fieldnode collector serve} in its own process on loopback, for the tests and soak runs that kill it: the
 * first start binds a free port (port 0), every restart the same one, as a collector on its fixed address does. Its
 * output is appended to one log; {@link #start} returns once a new listening line is in it.
 */
public final class CollectorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("collector: coaps=127\\.0\\.0\\.1:(\\d+) .*");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Path data;
    private final Path log;
    private int port;
    private JavaProcess process;

    /**
     * @param data the collector's data directory; PSK nodes must be in its {@code psk-directory} before the first start
     *     (an empty one is made for a collector of enrolled nodes only)
     * @param log the file its output is appended to
     */
    public CollectorProcess(Path data, Path log) {
        this.data = data;
        this.log = log;
    }

    /**
     * Starts {@code serve} (on a free port the first time, on the same port afterwards) and waits up to a minute for
     * its listening line.
     *
     * @throws IOException when it exits or does not listen in time; the message carries its last lines
     */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the collector runs already: " + process);
        }
        Path directory = data.resolve(PskDirectoryFile.FILE_NAME);
        if (!Files.exists(directory)) {
            // Enrolled nodes only: serve still wants the (empty) list of PSK nodes.
            Files.createDirectories(data);
            Files.createFile(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        long from = Files.isRegularFile(log) ? Files.size(log) : 0;
        process = JavaProcess.start(
                "collector",
                log,
                List.of("collector", "serve", "--data-dir", data.toString(), "--bind", "127.0.0.1:" + port));
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Matcher> listening = listeningSince(from);
            if (listening.isPresent()) {
                port = Integer.parseInt(listening.get().group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the collector exited during start-up: " + tail());
            }
            Thread.sleep(50);
        }
        process.kill();
        throw new IOException("the collector did not listen within " + START_LIMIT.toSeconds() + " s: " + tail());
    }

    /** SIGKILL, as a power cut: no shutdown hook, no saved DTLS state, the SQLite WAL as the last sync left it. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM and a clean stop (DTLS sessions saved); kills it after {@code seconds}. Returns its exit code. */
    public int stop(long seconds) throws InterruptedException {
        return process == null ? 0 : process.stop(seconds);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The UDP port it serves on; 0 before the first start. */
    public int port() {
        return port;
    }

    /** The readings resource nodes post to. */
    public String readingsUri() {
        return "coaps://127.0.0.1:" + port + "/r";
    }

    public Path data() {
        return data;
    }

    /** Runs {@code fieldnode collector <args>} against this collector's data directory in a process of its own. */
    int command(List<String> args, Duration limit) throws IOException, InterruptedException {
        return JavaProcess.start("collector-cli", log, args).waitFor(limit);
    }

    /** Stops it cleanly if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            stop(15);
        }
    }

    /** The first listening line written after byte {@code from} of the log. */
    private Optional<Matcher> listeningSince(long from) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(from);
            String fresh = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return fresh.lines()
                    .map(LISTENING::matcher)
                    .filter(Matcher::matches)
                    .findFirst();
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
