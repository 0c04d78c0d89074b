// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.security.store.SecureFiles;

/**
 * A directory that a privileged step (first boot, run as root) reads and writes without ever following a symbolic
 * link and without writing where another user could interfere (SECURITY R34).
 *
 * <p><b>How.</b> The directory is checked (a real directory, not a link; owned by root, by the user running the
 * step, or by the service user it is handed to; every directory above it owned by root or that user and writable
 * by nobody else unless sticky) and then opened once as a {@link SecureDirectoryStream}: every later step works
 * relative to that open descriptor — {@code openat} with {@code O_CREAT|O_EXCL|O_NOFOLLOW}, {@code fchown} and
 * {@code fchmod} on a descriptor opened with {@code O_NOFOLLOW}, {@code renameat}, {@code unlinkat} — so replacing a
 * path component afterwards changes nothing. A symbolic link found where a file is to be written, or at its
 * temporary name, stops the step with one line rather than being replaced quietly: someone planted it.
 *
 * <p><b>Directories the service user owns</b> (the data directory) get no privileged write at all: the file is
 * made in a staging directory {@value #STAGING} inside it, created by root with mode 0700 (the service user can
 * rename it but cannot add, swap or link anything in it), given its owner and mode there, and then renamed into
 * place; a rename replaces a name and never follows it. Java offers no {@code fchown} on the descriptor it wrote
 * through, which is why the owner and mode are set in a directory nobody else can write, rather than on the
 * written descriptor itself.
 */
final class PrivilegedDirectory implements AutoCloseable {
    /** The staging directory inside a directory the service user owns. */
    static final String STAGING = ".firstboot";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> STAGING_MODE = PosixFilePermissions.fromString("rwx------");
    private static final int GROUP_OR_OTHERS_WRITE = 0b000_010_010;
    private static final int STICKY = 0b001_000_000_000;
    private static final int PERMISSION_BITS = 0b111_111_111;

    /** The owner a file or directory is handed to: the service user and its group. */
    record Owner(UserPrincipal user, GroupPrincipal group) {}

    /** A path that a privileged step must not use; the message is one line that says what to do. */
    static final class UnsafePathException extends IOException {
        UnsafePathException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final SecureDirectoryStream<Path> dir;
    /** True when the service user owns this directory: files then go through {@link #STAGING}. */
    private boolean handedOver;

    private PrivilegedDirectory(Path path, SecureDirectoryStream<Path> dir, boolean handedOver) {
        this.path = path;
        this.dir = dir;
        this.handedOver = handedOver;
    }

    /**
     * Makes the directory (and missing parents) if needed, checks it and opens it.
     *
     * @param serviceUser the user that may own it besides root and the caller, if any
     * @throws UnsafePathException when it or a directory above it is a link, or writable by someone else
     */
    static PrivilegedDirectory open(Path path, Optional<String> serviceUser) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent != null) {
            requireSafeAncestors(nearestExisting(parent).toRealPath());
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(absolute);
        }
        if (parent != null) {
            requireSafeAncestors(parent.toRealPath());
        }
        Map<String, Object> stat = stat(absolute);
        if ((Boolean) stat.get("isSymbolicLink")) {
            throw linkRefused(absolute);
        }
        if (!(Boolean) stat.get("isDirectory")) {
            throw new UnsafePathException(absolute + " is not a directory; remove it and try again");
        }
        int uid = (Integer) stat.get("uid");
        int mode = (Integer) stat.get("mode");
        boolean handedOver = false;
        if (uid != 0 && uid != selfUid()) {
            String owner = Files.getOwner(absolute, LinkOption.NOFOLLOW_LINKS).getName();
            if (serviceUser.isEmpty() || !serviceUser.get().equals(owner)) {
                throw new UnsafePathException(absolute + " belongs to " + owner + "; a privileged step writes only in"
                        + " directories of root or the service user (SECURITY R34): chown root " + absolute);
            }
            handedOver = true;
        } else if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw writableRefused(absolute, mode);
        }
        return new PrivilegedDirectory(absolute, secureStream(absolute, stat), handedOver);
    }

    /** Opens {@code absolute} and checks that the descriptor is the directory {@code stat} describes. */
    private static SecureDirectoryStream<Path> secureStream(Path absolute, Map<String, Object> stat)
            throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(absolute);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new UnsafePathException("this system cannot open " + absolute
                    + " without following links (no openat); a privileged step refuses to work there");
        }
        Object opened = secure.getFileAttributeView(BasicFileAttributeView.class)
                .readAttributes()
                .fileKey();
        if (!Objects.equals(opened, stat.get("fileKey"))) {
            secure.close();
            throw new UnsafePathException(absolute + " was replaced while it was being opened; try again");
        }
        return secure;
    }

    /**
     * Opens an existing directory to remove entries from it, whoever owns it: removing never writes through a name
     * and works relative to the descriptor, so the owner does not matter; the directories above must be safe.
     *
     * @return empty when there is no such directory
     * @throws UnsafePathException when it is a link or a directory above it is writable by someone else
     */
    static Optional<PrivilegedDirectory> openForRemoval(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (absolute.getParent() != null) {
            requireSafeAncestors(absolute.getParent().toRealPath());
        }
        Map<String, Object> stat = stat(absolute);
        if ((Boolean) stat.get("isSymbolicLink")) {
            throw linkRefused(absolute);
        }
        if (!(Boolean) stat.get("isDirectory")) {
            throw new UnsafePathException(absolute + " is not a directory");
        }
        return Optional.of(new PrivilegedDirectory(absolute, secureStream(absolute, stat), true));
    }

    Path path() {
        return path;
    }

    /** This directory's owner, read from its open descriptor. */
    UserPrincipal owner() throws IOException {
        return dir.getFileAttributeView(PosixFileAttributeView.class)
                .readAttributes()
                .owner();
    }

    /** True when group or others may write this directory, read from its open descriptor. */
    boolean writableByOthers() throws IOException {
        Set<PosixFilePermission> permissions = dir.getFileAttributeView(PosixFileAttributeView.class)
                .readAttributes()
                .permissions();
        return permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * Removes entry {@code name} without following a link: a link or file is unlinked (a regular file overwritten
     * with zeros first when {@code shred}), a directory emptied the same way, depth first, each level opened with
     * {@code O_NOFOLLOW} relative to its parent, then removed.
     *
     * @return true when there was something to remove
     */
    boolean remove(String name, boolean shred) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty()) {
            return false;
        }
        removeEntry(dir, Path.of(name), entry.get(), shred);
        force();
        return true;
    }

    /** The target of symbolic link {@code name} (read, not followed); empty when it is not a link. */
    Optional<Path> linkTarget(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isEmpty() || !entry.get().isSymbolicLink()) {
            return Optional.empty();
        }
        return Optional.of(Files.readSymbolicLink(path.resolve(name)));
    }

    /** Sets this directory's own mode and owner, on its open descriptor ({@code fchmod}, {@code fchown}). */
    void restrict(Set<PosixFilePermission> mode, Optional<Owner> owner) throws IOException {
        PosixFileAttributeView view = dir.getFileAttributeView(PosixFileAttributeView.class);
        view.setPermissions(mode);
        if (owner.isPresent()) {
            view.setOwner(owner.get().user());
            view.setGroup(owner.get().group());
            handedOver = !owner.get().user().getName().equals(System.getProperty("user.name"))
                    && !owner.get().user().getName().equals("root");
        }
    }

    /** What {@code name} is, without following a link; empty when there is nothing. */
    Optional<BasicFileAttributes> entry(String name) throws IOException {
        return entry(dir, name);
    }

    /** Refuses when {@code name} is a symbolic link (someone planted it), or something other than a file. */
    void requireFileOrNothing(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isPresent() && entry.get().isSymbolicLink()) {
            throw linkRefused(path.resolve(name));
        }
        if (entry.isPresent() && !entry.get().isRegularFile()) {
            throw new UnsafePathException(path.resolve(name) + " is not a regular file; remove it and try again");
        }
    }

    /** Refuses when {@code name} is a symbolic link (someone planted it); a directory or file is fine. */
    void requireNoLink(String name) throws IOException {
        Optional<BasicFileAttributes> entry = entry(name);
        if (entry.isPresent() && entry.get().isSymbolicLink()) {
            throw linkRefused(path.resolve(name));
        }
    }

    /** The bytes of regular file {@code name}, read without following a link; at most {@code maxBytes}. */
    byte[] read(String name, int maxBytes) throws IOException {
        requireFileOrNothing(name);
        try (SeekableByteChannel channel =
                dir.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (channel.size() > maxBytes) {
                throw new IOException(path.resolve(name) + " is larger than " + maxBytes + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Writes {@code bytes} to {@code name} with {@code mode} and {@code owner}: made exclusively and without
     * following links under a temporary name (or in {@link #STAGING} when the service user owns this directory),
     * forced to the device, given its mode and owner, renamed over {@code name}, and the directory forced.
     */
    void write(String name, byte[] bytes, Set<PosixFilePermission> mode, Optional<Owner> owner) throws IOException {
        requireFileOrNothing(name);
        if (handedOver) {
            try (SecureDirectoryStream<Path> staging = staging()) {
                create(staging, path.resolve(STAGING), name, bytes, mode, owner);
                staging.move(Path.of(name), dir, Path.of(name));
            }
            dir.deleteDirectory(Path.of(STAGING));
        } else {
            String temporary = name + ".tmp";
            create(dir, path, temporary, bytes, mode, owner);
            dir.move(Path.of(temporary), dir, Path.of(name));
        }
        force();
    }

    /** Gives the existing file {@code name} its mode and owner, without following a link. */
    void restrict(String name, Set<PosixFilePermission> mode, Optional<Owner> owner) throws IOException {
        requireFileOrNothing(name);
        PosixFileAttributeView view =
                dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(mode);
        if (owner.isPresent()) {
            view.setOwner(owner.get().user());
            view.setGroup(owner.get().group());
        }
    }

    /** Forces this directory's entries to the device; some file systems (FAT) cannot, which is harmless. */
    void force() {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the renames are ordered after the data anyway
        }
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }

    /**
     * The staging directory, made by this process with mode 0700 when missing, and checked to be this process's
     * own and private (a leftover of an interrupted first boot is emptied and used again).
     */
    private SecureDirectoryStream<Path> staging() throws IOException {
        Path name = Path.of(STAGING);
        Optional<BasicFileAttributes> entry = entry(STAGING);
        if (entry.isPresent() && entry.get().isSymbolicLink()) {
            throw linkRefused(path.resolve(STAGING));
        }
        if (entry.isEmpty()) {
            Files.createDirectory(path.resolve(STAGING), PosixFilePermissions.asFileAttribute(STAGING_MODE));
        }
        SecureDirectoryStream<Path> staging = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        try {
            PosixFileAttributes own =
                    staging.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
            if (!own.owner().getName().equals(System.getProperty("user.name"))
                    || !own.permissions().equals(STAGING_MODE)) {
                throw new UnsafePathException(
                        path.resolve(STAGING) + " belongs to " + own.owner().getName()
                                + " (mode " + PosixFilePermissions.toString(own.permissions())
                                + "), not to this privileged step (SECURITY R34): remove it and try again");
            }
            for (Path leftover : staging) {
                staging.deleteFile(leftover.getFileName());
            }
            return staging;
        } catch (IOException | RuntimeException e) {
            staging.close();
            throw e;
        }
    }

    private static void create(
            SecureDirectoryStream<Path> in,
            Path inPath,
            String name,
            byte[] bytes,
            Set<PosixFilePermission> mode,
            Optional<Owner> owner)
            throws IOException {
        Path file = Path.of(name);
        Optional<BasicFileAttributes> existing = entry(in, name);
        if (existing.isPresent()) {
            if (existing.get().isSymbolicLink()) {
                throw linkRefused(inPath.resolve(name));
            }
            if (!existing.get().isRegularFile()) {
                throw new UnsafePathException(inPath.resolve(name) + " is not a regular file; remove it and try again");
            }
            in.deleteFile(file); // a temporary file left by a power cut
        }
        try (SeekableByteChannel channel = in.newByteChannel(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (channel instanceof FileChannel fileChannel) {
                fileChannel.force(true);
            }
        }
        PosixFileAttributeView view =
                in.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(mode);
        if (owner.isPresent()) {
            view.setOwner(owner.get().user());
            view.setGroup(owner.get().group());
        }
    }

    private static void removeEntry(
            SecureDirectoryStream<Path> in, Path name, BasicFileAttributes attributes, boolean shred)
            throws IOException {
        if (attributes.isDirectory()) {
            try (SecureDirectoryStream<Path> sub = in.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                List<Path> names = new ArrayList<>();
                sub.forEach(p -> names.add(p.getFileName()));
                for (Path child : names) {
                    Optional<BasicFileAttributes> entry = entry(sub, child.toString());
                    if (entry.isPresent()) {
                        removeEntry(sub, child, entry.get(), shred);
                    }
                }
            }
            in.deleteDirectory(name);
            return;
        }
        if (shred && attributes.isRegularFile()) {
            try (SeekableByteChannel channel =
                    in.newByteChannel(name, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                if (channel instanceof FileChannel file) {
                    SecureFiles.zero(file);
                }
            }
        }
        in.deleteFile(name);
    }

    private static Optional<BasicFileAttributes> entry(SecureDirectoryStream<Path> in, String name) throws IOException {
        try {
            return Optional.of(
                    in.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Every directory from {@code real} up to {@code /}: owned by root or this user, writable by no one else. */
    private static void requireSafeAncestors(Path real) throws IOException {
        int self = selfUid();
        for (Path p = real; p != null; p = p.getParent()) {
            Map<String, Object> stat = stat(p);
            int uid = (Integer) stat.get("uid");
            int mode = (Integer) stat.get("mode");
            if (uid != 0 && uid != self) {
                throw new UnsafePathException(p + " belongs to "
                        + Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName()
                        + ", so its files are not root's to trust; a privileged step refuses to write below it"
                        + " (SECURITY R34)");
            }
            // A sticky directory (/tmp) lets no one rename or remove another user's entries.
            if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw writableRefused(p, mode);
            }
        }
    }

    private static Path nearestExisting(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    private static Map<String, Object> stat(Path path) throws IOException {
        return Files.readAttributes(
                path, "unix:uid,mode,fileKey,isDirectory,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
    }

    private static int selfUid() {
        return (int) new UnixSystem().getUid();
    }

    private static UnsafePathException linkRefused(Path path) {
        return new UnsafePathException(path + " is a symbolic link; a privileged step never writes through one"
                + " (SECURITY R34): remove it and try again");
    }

    private static UnsafePathException writableRefused(Path path, int mode) {
        return new UnsafePathException(path
                + " is writable by other users (mode %03o); a privileged step never writes"
                        .formatted(mode & PERMISSION_BITS)
                + " where another user can (SECURITY R34): chmod go-w " + path);
    }
}
