// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldnode.security.store.SecureFiles;
import org.tinylog.Logger;

/**
 * Security events in a size-bounded file (SECURITY R29, R30): one {@link SecurityEvent#toLine()} per line, appended
 * and forced to the disk. Before a line would take the file past {@code maxBytes} it is renamed to {@code
 * <name>.1} (replacing the previous one) and a new file is begun, so the two together never hold more than twice
 * {@code maxBytes}, however long the collector runs. Created with mode 0600; a symbolic link in its place is not
 * followed.
 *
 * <p>Several processes may record into one file (the collector's {@code serve} and its {@code enrolment} and {@code
 * config} commands): each append, and the rotation before it, holds an exclusive lock on {@code <name>.lock}, an
 * empty file that is never rotated.
 *
 * <p>A failure to write never reaches the caller: an event log that cannot be written must not stop the service.
 * It is logged once at error level (the operator must act) and then on recovery.
 */
public final class SecurityEventFile implements SecurityEventLog {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "security-events.log";

    /** Default bound of one file: about 5,000 event lines. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private static final Set<OpenOption> WRITE_OWNER_ONLY =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> APPEND_OWNER_ONLY = Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path previous;
    private final Path lock;
    private final long maxBytes;
    private boolean failing;

    /**
     * @param file the event file; its directory must exist
     * @param maxBytes the bound of one file, at least 1 KiB
     */
    public SecurityEventFile(Path file, long maxBytes) {
        this.file = Objects.requireNonNull(file, "file");
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("an event file needs at least 1024 bytes, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.previous = file.resolveSibling(file.getFileName() + ".1");
        this.lock = file.resolveSibling(file.getFileName() + ".lock");
    }

    /** {@code dataDir/}{@value #FILE_NAME} with the default bound. */
    public static SecurityEventFile in(Path dataDir) {
        return new SecurityEventFile(dataDir.resolve(FILE_NAME), DEFAULT_MAX_BYTES);
    }

    /** The file events are appended to. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void record(SecurityEvent event) {
        byte[] line = (event.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            append(line);
            if (failing) {
                failing = false;
                Logger.info("Security events are written to {} again", file);
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                Logger.error(
                        "Cannot write security events to {} ({}: {}); they go to the log only until it works again",
                        file,
                        e.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    private void append(byte[] line) throws IOException {
        // One monitor per file in this JVM (a second FileLock on the same file would throw), the file lock across
        // processes. The lock file is never rotated, so every writer locks the same one.
        synchronized (MONITORS.computeIfAbsent(lock.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel locked = FileChannel.open(lock, WRITE_OWNER_ONLY, ownerOnly());
                    FileLock held = locked.lock()) {
                if (Files.isSymbolicLink(file)) {
                    throw new IOException(file + " is a symbolic link; not followed");
                }
                long size = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Files.size(file) : 0;
                if (size > 0 && size + line.length > maxBytes) {
                    Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                try (FileChannel channel = FileChannel.open(file, APPEND_OWNER_ONLY, ownerOnly())) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
            }
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        try {
            Files.getPosixFilePermissions(file.toAbsolutePath().getParent());
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(SecureFiles.OWNER_ONLY)};
        } catch (UnsupportedOperationException | IOException e) {
            return new FileAttribute<?>[0];
        }
    }

    @Override
    public String toString() {
        return "SecurityEventFile[" + file + ", max " + maxBytes + " bytes]";
    }
}
