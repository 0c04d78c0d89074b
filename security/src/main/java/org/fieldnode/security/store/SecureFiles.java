// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File operations for secrets (SECURITY R9, R39): a file is written under a temporary name that is created with
 * owner-only permissions from the start (no window in which it is world-readable), forced to the device, then
 * renamed over the target, and the directory is forced so the rename survives a power cut.
 */
public final class SecureFiles {
    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {}

    /** Writes {@code bytes} to {@code target} atomically; the file has mode 0600 from its creation on. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel channel = FileChannel.open(
                tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    /**
     * Overwrites the file's bytes with zeros, forces them out and deletes it. On flash with wear levelling the
     * old blocks may survive; what makes a keystore unreadable is that its wrapping key is gone (crypto-erase).
     *
     * <p>Never follows a symbolic link (SECURITY R34: a reset runs as root in a directory the service user owns): a
     * link is removed, its target left alone, and only a regular file is overwritten, through a descriptor opened
     * with {@code O_NOFOLLOW}.
     */
    public static void shred(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isRegularFile()) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                zero(channel);
            }
        } else if (attributes.isDirectory()) {
            throw new IOException(file + " is a directory, not a file; not removing it");
        }
        Files.delete(file);
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** Overwrites every byte of the open file with zeros and forces them to the device. */
    public static void zero(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer zeros = ByteBuffer.allocate(4096);
        for (long at = 0; at < size; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
            channel.write(zeros, at);
        }
        channel.force(true);
    }

    /**
     * Refuses a file that group or others may read or write.
     *
     * @param what names the file for the operator ("keystore", "wrapping key")
     */
    public static void requireOwnerOnly(Path file, String what) throws KeystoreException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new KeystoreException(file + ": " + what + " is accessible to other users (mode "
                        + PosixFilePermissions.toString(perms) + "); refusing it; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new KeystoreException(file + ": cannot check the permissions of the " + what + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        try {
            Files.getPosixFilePermissions(dir);
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        } catch (UnsupportedOperationException | IOException e) {
            return new FileAttribute<?>[0];
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is still ordered after the data force
        }
    }
}
