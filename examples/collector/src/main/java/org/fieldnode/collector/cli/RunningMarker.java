// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.fieldnode.security.store.SecureFiles;
import org.tinylog.Logger;

/**
 * {@code DATA/collector.running}: written (synced) when {@code serve} starts and removed when it has stopped cleanly,
 * so a start that finds it knows the last run ended without a clean stop (a power cut, SIGKILL, an OOM kill) and
 * says so once. Nothing has to be repaired by hand after such a stop: SQLite replays or discards its write-ahead log
 * when {@code collector.db} and {@code enrolment.db} are opened (every acknowledged batch was synced before its ACK),
 * the CA's files are written once, atomically; only the DTLS sessions are lost (they are saved on a clean stop), and
 * each node makes one new handshake on its next report.
 *
 * <pre>
 * started=2026-03-01T12:00:00Z   when the run that wrote it started
 * pid=1234                       its process id
 * </pre>
 */
final class RunningMarker {
    static final String FILE_NAME = "collector.running";

    private final Path file;

    private RunningMarker(Path file) {
        this.file = file;
    }

    /**
     * Logs one line when the last run in {@code dataDir} did not stop cleanly, then marks this run as running.
     *
     * @return this run's marker, for {@link #end} once it has stopped cleanly
     * @throws IOException when the marker cannot be written (the data directory is not writable: serve cannot run)
     */
    static RunningMarker begin(Path dataDir, Instant now) throws IOException {
        RunningMarker marker = new RunningMarker(dataDir.resolve(FILE_NAME));
        marker.previousRun()
                .ifPresent(started -> Logger.warn(
                        "Recovering from an unclean stop: the collector started {} did not stop cleanly (power cut or kill);"
                                + " its stores recover by themselves, its nodes' DTLS sessions were not saved, so each node"
                                + " makes one new handshake",
                        started));
        SecureFiles.writeAtomically(
                marker.file,
                ("started=" + now + "\npid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
        return marker;
    }

    /** When the run that did not stop cleanly started ({@code at TIME}, or {@code at an unknown time}). */
    private Optional<String> previousRun() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("started="))
                    .map(line -> "at " + line.substring("started=".length()))
                    .findFirst()
                    .orElse("at an unknown time"));
        } catch (IOException e) {
            return Optional.of("at an unknown time");
        }
    }

    /** This run stopped cleanly: everything is closed and saved. */
    void end() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Logger.warn("Could not remove {}: {}; the next start will report an unclean stop", file, e.getMessage());
        }
    }
}
