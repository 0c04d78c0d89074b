// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output (stdout and stderr together) is copied to a log file line by line, noting when a line
 * with a marker (the first acknowledged report) first appears. Times are {@link System#nanoTime()} from the spawn.
 */
final class WatchedProcess implements AutoCloseable {
    private final Process process;
    private final long spawnedNanos;
    private final Path log;
    private final Thread reader;
    private final CountDownLatch marked = new CountDownLatch(1);
    private volatile long markedNanos = -1;

    private WatchedProcess(List<String> command, Path log, String marker) throws IOException {
        this.log = log;
        this.spawnedNanos = System.nanoTime();
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.reader = Thread.ofPlatform()
                .daemon()
                .name("bench-output-" + process.pid())
                .start(() -> copy(marker));
    }

    /** Spawns {@code command}; the clock of {@link #sinceSpawnMillis()} starts just before. */
    static WatchedProcess start(List<String> command, Path log, String marker) throws IOException {
        return new WatchedProcess(command, log, marker);
    }

    private void copy(String marker) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (markedNanos < 0 && line.contains(marker)) {
                    markedNanos = System.nanoTime();
                    marked.countDown();
                }
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            // The process ended or the log cannot be written: the missing marker or figure tells.
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long sinceSpawnMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawnedNanos);
    }

    /** Milliseconds from the spawn to the first marker line; empty if it has not appeared. */
    OptionalLong markerMillis() {
        long at = markedNanos;
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(at - spawnedNanos));
    }

    Path log() {
        return log;
    }

    /** SIGTERM, up to 15 s for a clean exit, then SIGKILL; waits for the last output to reach the log. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
