// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tinylog.Logger;

/**
 * The queue directory's lock file {@value #FILE_NAME}, held while a queue is open, so that a second queue on the
 * same directory, in this process or another, is refused instead of corrupting it.
 */
final class DirectoryLock {
    static final String FILE_NAME = "queue.lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} when missing and locks it.
     *
     * @throws IOException when it cannot be created, or another queue or process holds it
     */
    static DirectoryLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel =
                FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("reading queue " + directory + " is in use by another queue or process");
        }
        return new DirectoryLock(directory, channel, lock);
    }

    /** Releases the lock; never throws. */
    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            Logger.debug("Releasing the lock of {}: {}", directory, e);
        }
    }
}
