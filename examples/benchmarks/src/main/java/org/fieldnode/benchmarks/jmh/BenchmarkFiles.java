// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the file benchmarks keep their queues and databases: the directory named by the system property
 * {@value #PROPERTY}, else {@code java.io.tmpdir}. fsync costs what the file system under it makes it cost: next to
 * nothing on tmpfs, milliseconds on an SD card or a virtual disk, so results name the directory and its type.
 */
public final class BenchmarkFiles {
    /** System property naming the parent directory of the benchmarks' scratch directories. */
    public static final String PROPERTY = "fieldnode.jmh.dir";

    private BenchmarkFiles() {}

    /** The parent directory of the scratch directories. */
    public static Path root() {
        return Path.of(System.getProperty(PROPERTY, System.getProperty("java.io.tmpdir")));
    }

    /** E.g. {@code /tmp (ext4)}; the type is {@code unknown} when the directory cannot be inspected. */
    public static String describeRoot() {
        Path root = root();
        try {
            return root + " (" + Files.getFileStore(root).type() + ")";
        } catch (IOException e) {
            return root + " (unknown)";
        }
    }

    /** A new empty directory under {@link #root()}. */
    public static Path scratch(String prefix) throws IOException {
        Path root = root();
        Files.createDirectories(root);
        return Files.createTempDirectory(root, prefix);
    }

    /** Deletes {@code directory} and everything in it; a missing directory is fine. */
    public static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
