// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.fieldnode.runtime.update.ReleasePacker;
import org.fieldnode.runtime.update.UpdateKeyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 3, on the node's own release: the jars this package ships ({@code target/stage/lib}, as {@code
 * ./mvnw package} staged them), with the launcher and a VERSION file, packed by {@link ReleasePacker} as a full
 * release and as a patch whose only change is a rebuilt {@code fieldnode-device-runtime} jar. The bytes on the wire
 * are the release files' sizes (manifest and payload; the 512-byte CoAP blocks add their headers to both). Prints
 * {@code node-release: full_bytes=N patch_bytes=N ratio=P%} and holds the patch to at most a tenth of the full release.
 */
class ReleaseSizeIT {
    private static final Path STAGE = Path.of("target/stage");

    @Test
    void aOneJarPatchOfTheNodesRelease_costsAtMostATenthOfTheFullRelease(@TempDir Path dir) throws Exception {
        KeyPair key = UpdateKeyFiles.generate(dir.resolve("update-key"));
        Path base = release(dir.resolve("r1"), "0.1.0");
        Path patched = release(dir.resolve("r2"), "0.1.1");
        long releaseBytes = bytesOf(base);
        Path jar;
        try (Stream<Path> jars = Files.list(patched.resolve("lib"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("fieldnode-device-runtime-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no fieldnode-device-runtime jar in " + STAGE));
        }
        rebuild(jar);

        Path full = dir.resolve("r1.fnu");
        Path patch = dir.resolve("r2.fnu");
        ReleasePacker.Packed f = ReleasePacker.pack(base, null, 0, 1, "0.1.0", key, null, full);
        ReleasePacker.Packed p = ReleasePacker.pack(patched, base, 1, 2, "0.1.1", key, null, patch);
        long fullBytes = Files.size(full);
        long patchBytes = Files.size(patch);
        double percent = 100.0 * patchBytes / fullBytes;
        String line = String.format(
                Locale.ROOT,
                "node-release: files=%d release_bytes=%d full_bytes=%d patch_bytes=%d changed=%s(%d) ratio=%.1f%%",
                f.files(),
                releaseBytes,
                fullBytes,
                patchBytes,
                jar.getFileName(),
                Files.size(jar),
                percent);
        System.out.println(line);
        // Repeated among the build's closing lines (examples/demo ReliabilitySummary).
        Files.writeString(
                Files.createDirectories(Path.of("target", "reliability")).resolve("node-release.line"), line + "\n");

        assertThat(f.manifest().isDelta()).isFalse();
        assertThat(p.manifest().isDelta()).isTrue();
        assertThat(fullBytes).isGreaterThan(10_000_000L); // the real release, not an empty stage
        assertThat(patchBytes).isGreaterThan(Files.size(jar) / 2); // the changed jar is in it
        assertThat(patchBytes * 10).isLessThanOrEqualTo(fullBytes);
    }

    /** A release directory as {@code fieldnode update pack --from} takes it: lib/, bin/fieldnode, VERSION. */
    private static Path release(Path dir, String version) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("bin"));
        List<Path> jars;
        try (Stream<Path> s = Files.list(STAGE.resolve("lib"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve("lib").resolve(jar.getFileName()));
        }
        Files.copy(STAGE.resolve("bin/fieldnode.sh"), dir.resolve("bin/fieldnode"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(dir.resolve("VERSION"), version + "\n");
        return dir;
    }

    private static long bytesOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sum += Files.size(file);
            }
            return sum;
        }
    }

    /**
     * A rebuilt jar: every entry again, plus one that changed, written anew (new bytes throughout, as a rebuild
     * gives, so the patch sends the whole jar).
     */
    private static void rebuild(Path jar) throws IOException {
        Path next = jar.resolveSibling(jar.getFileName() + ".next");
        try (InputStream in = Files.newInputStream(jar);
                ZipInputStream zin = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(next);
                ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                zout.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zout);
                zout.closeEntry();
            }
            zout.putNextEntry(new ZipEntry("META-INF/fieldnode-patch.txt"));
            zout.write("0.1.1\n".getBytes(StandardCharsets.UTF_8));
            zout.closeEntry();
        }
        Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
