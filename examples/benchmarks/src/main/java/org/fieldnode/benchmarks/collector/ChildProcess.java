// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process of the collector part (a collector, a bare server, a load driver): its output, stdout and stderr
 * together, goes to a log file and, line by line, to {@link #await}; its stdin stays open for {@link #tell}.
 */
final class ChildProcess implements AutoCloseable {
    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name(name + "-output").start(this::pump);
    }

    static ChildProcess start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(name, process, log);
    }

    private void pump() {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(
                        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            lines.add(END);
        }
    }

    /**
     * Waits for a line of the output that matches {@code pattern} entirely.
     *
     * @throws IOException when the process ends or {@code limit} passes first
     */
    Matcher await(Pattern pattern, Duration limit) throws IOException, InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = until - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException(name + ": no line matching " + pattern + " within " + limit.toSeconds()
                        + " s (log " + log + ")");
            }
            if (line.equals(END)) {
                throw new IOException(name + " ended without a line matching " + pattern + " (log " + log + ")");
            }
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                return m;
            }
        }
    }

    /** Writes one line to the process's stdin. */
    void tell(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code limit}. */
    void stop(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
