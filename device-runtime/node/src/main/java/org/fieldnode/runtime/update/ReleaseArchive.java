// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.fieldnode.protocol.update.Refusal;
import org.fieldnode.protocol.update.UpdateRefusedException;

/**
 * The payload of a release: a ZIP (deflate, best compression) of the node application's files, by their path
 * relative to the release directory ({@code lib/*.jar}, {@code bin/fieldnode}, {@code VERSION}). A delta holds only
 * the files that differ from its base (a changed jar whole and compressed; unchanged jars are not sent) and lists
 * the base's files it drops in the entry {@value #REMOVED}, one path a line.
 */
public final class ReleaseArchive {
    /** The entry listing files of the base a delta removes. */
    public static final String REMOVED = ".fieldnode-removed";

    /** The file the installer writes into each slot: {@code sequence=N} and {@code version=V}. */
    public static final String RELEASE_FILE = ".fieldnode-release";

    private static final long MAX_FILES = 4096;

    private ReleaseArchive() {}

    /**
     * Writes the payload of {@code from}, or of the files of {@code from} that differ from {@code base}.
     *
     * @return the number of files written
     */
    public static int write(Path from, Path base, OutputStream out) throws IOException {
        TreeMap<String, Path> files = files(from);
        TreeSet<String> removed = new TreeSet<>();
        if (base != null) {
            TreeMap<String, Path> old = files(base);
            removed.addAll(old.keySet());
            removed.removeAll(files.keySet());
            files.entrySet().removeIf(e -> old.containsKey(e.getKey()) && same(e.getValue(), old.get(e.getKey())));
        }
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            for (var e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0); // the same tree packs to the same bytes
                zip.putNextEntry(entry);
                Files.copy(e.getValue(), zip);
                zip.closeEntry();
            }
            if (base != null) {
                ZipEntry entry = new ZipEntry(REMOVED);
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(String.join("\n", removed).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return files.size();
    }

    /**
     * Unpacks a verified payload into the empty directory {@code into}; a delta first takes every file of {@code
     * base} it does not remove.
     *
     * @throws UpdateRefusedException {@link Refusal#BAD_PAYLOAD} for an entry that leaves {@code into}, a delta
     *     without its base, or a payload that is not a ZIP
     */
    public static void unpack(InputStream payload, boolean delta, Path base, Path into)
            throws IOException, UpdateRefusedException {
        Path root = into.toAbsolutePath().normalize();
        List<String> removed = new ArrayList<>();
        int count = 0;
        try (ZipInputStream zip = new ZipInputStream(payload, StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (++count > MAX_FILES) {
                    throw new UpdateRefusedException(Refusal.BAD_PAYLOAD, "more than " + MAX_FILES + " files");
                }
                if (entry.getName().equals(REMOVED)) {
                    removed.addAll(new String(zip.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .toList());
                    continue;
                }
                Path target = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                executableIfLauncher(entry.getName(), target);
            }
        } catch (java.util.zip.ZipException e) {
            throw new UpdateRefusedException(Refusal.BAD_PAYLOAD, "the payload is not a release archive");
        }
        if (delta) {
            if (base == null || !Files.isDirectory(base)) {
                throw new UpdateRefusedException(Refusal.BASE_NOT_INSTALLED, "the delta's base is not on this node");
            }
            Set<String> gone = new TreeSet<>(removed);
            for (var e : files(base).entrySet()) {
                Path target = inside(root, e.getKey());
                if (gone.contains(e.getKey())
                        || Files.exists(target)
                        || e.getKey().equals(RELEASE_FILE)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(e.getValue(), target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Every regular file under {@code dir}, by its relative path with {@code /}. */
    static TreeMap<String, Path> files(Path dir) throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String name = dir.relativize(file).toString().replace('\\', '/');
                    if (!name.equals(RELEASE_FILE)) {
                        files.put(name, file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static Path inside(Path root, String name) throws UpdateRefusedException {
        Path target = root.resolve(name).normalize();
        if (name.isEmpty() || name.startsWith("/") || !target.startsWith(root) || target.equals(root)) {
            throw new UpdateRefusedException(Refusal.BAD_PAYLOAD, "entry '" + name + "' leaves the release");
        }
        return target;
    }

    private static void executableIfLauncher(String name, Path target) throws IOException {
        if (name.startsWith("bin/")) {
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                target.toFile().setExecutable(true);
            }
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.size(a) == Files.size(b) && MessageDigest.isEqual(sha256(a), sha256(b));
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
