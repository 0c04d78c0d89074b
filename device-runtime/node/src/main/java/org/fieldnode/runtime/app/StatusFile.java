// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The running node's state as a small {@code key=value} file in its data directory ({@code status}), rewritten
 * atomically every few seconds and read by {@code fieldnode status}. A file instead of a local server keeps the
 * node free of listening sockets (SECURITY R19) and costs one small write per period (in tmpfs when the data
 * directory's {@code run/} is mounted there).
 *
 * <p>Keys: {@code node}, {@code pid}, {@code process} ({@code running} or {@code stopped}), {@code state}, {@code started}, {@code updated}, {@code sampled},
 * {@code sent}, {@code acknowledged}, {@code rejected}, {@code queued}, {@code dropped}, {@code next_sequence} (the number the next reading gets:
 * the count of readings ever queued),
 * {@code last_report}, {@code last_error}, {@code delivery} ({@code ok}, or why the node cannot deliver now: a
 * {@link org.fieldnode.runtime.report.ReportResult.Cause#label() cause} such as {@code no_answer}), {@code
 * undelivered_since} (when the failing attempts began, or {@code none}), and per sensor {@code sensor.<id>.health},
 * while it fails {@code sensor.<id>.last_error}, {@code sensor.<id>.failing_since} and {@code sensor.<id>.failures},
 * and {@code sensor.<id>.<quantity>} (last value with its unit). {@code last_error} is delivery's, or else the first
 * failing sensor's ({@code sensor env0: …}).
 */
public final class StatusFile {
    public static final String NAME = "status";

    private StatusFile() {}

    /** Writes {@code values} to {@code dir/status} via a temporary file and a rename. Never throws. */
    static void write(Path dir, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) ->
                text.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        Path file = dir.resolve(NAME);
        try {
            // Installed nodes link status to their RuntimeDirectory (/run/fieldnode, tmpfs): write where it points,
            // so the rename replaces the file there and the SD card sees no write.
            if (Files.isSymbolicLink(file)) {
                file = file.resolveSibling(Files.readSymbolicLink(file));
            }
        } catch (IOException e) {
            Logger.debug("Could not follow {}: {}", file, e.getMessage());
        }
        Path tmp = file.resolveSibling(NAME + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Logger.debug("Could not write {}: {}", file, e.getMessage());
        }
    }

    /** Writes {@code values} as key=value lines to {@code file} via a temporary file and a rename. Never throws. */
    static void writeValues(Path file, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) ->
                text.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Logger.debug("Could not write {}: {}", file, e.getMessage());
        }
    }

    /** Reads the status file of {@code dir}; empty when there is none. */
    public static Optional<Map<String, String>> read(Path dir) throws IOException {
        return readValues(dir.resolve(NAME));
    }

    /** Reads key=value lines from {@code file}; empty when there is none. */
    static Optional<Map<String, String>> readValues(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Optional.of(values);
    }

    /**
     * True when the node that wrote {@code values} has not stopped, its process is alive, and it wrote them within
     * {@code maxAgeSeconds}.
     */
    public static boolean isLive(Map<String, String> values, Instant now, long maxAgeSeconds) {
        if ("stopped".equals(values.get("process"))) {
            return false;
        }
        try {
            long pid = Long.parseLong(values.getOrDefault("pid", "-1"));
            Instant updated = Instant.parse(values.getOrDefault("updated", ""));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && !updated.isBefore(now.minusSeconds(maxAgeSeconds));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
