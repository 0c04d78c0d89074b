// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write and fsync of the queue goes through here, so that they are counted (SD-card wear is the budget)
 * and so that tests can inject failures by overriding a method. Thread-safe: the appender's segment fsyncs and
 * the metadata writes of delivery run at the same time.
 */
class StorageIo {
    /** Suffix of files being written before their atomic rename; leftovers are deleted at open. */
    static final String TEMP_SUFFIX = ".tmp";

    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();

    /** Writes all of {@code bytes} at {@code position}. */
    void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            int n = channel.write(bytes, at);
            at += n;
            bytesWritten.addAndGet(n);
        }
    }

    /** {@code fdatasync}: the data and the file size reach the device. */
    void force(FileChannel channel) throws IOException {
        channel.force(false);
        fsyncs.incrementAndGet();
    }

    /** Makes creations and renames in {@code directory} durable (POSIX: fsync on the directory). */
    void forceDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
        fsyncs.incrementAndGet();
    }

    /**
     * Replaces {@code target} with {@code content} so that a crash at any step leaves either the old or the new
     * file, never a mix: write {@code target.tmp}, fsync it, rename it over {@code target}, fsync the directory.
     */
    void replaceAtomically(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            write(out, ByteBuffer.wrap(content), 0);
            force(out);
        }
        rename(temp, target);
        forceDirectory(target.getParent());
    }

    /** Renames atomically, replacing {@code target}. */
    void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long fsyncs() {
        return fsyncs.get();
    }
}
