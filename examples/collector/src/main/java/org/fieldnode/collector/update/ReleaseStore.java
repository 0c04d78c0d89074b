// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.fieldnode.protocol.update.ManifestCodec;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.SignedManifest;
import org.fieldnode.protocol.update.UpdateRefusedException;

/**
 * Published releases in {@code DATA/releases}: {@code <sequence>.manifest} (the signed manifest as packed) and
 * {@code <sequence>.payload}. The collector holds no update key (SECURITY R26) and cannot sign; it checks on
 * publish that the file is a release whose payload matches its manifest's size and SHA-256, so that a damaged
 * upload is refused at once rather than by every node. The signature is the nodes' to check.
 */
public final class ReleaseStore {
    public static final String DIRECTORY = "releases";

    private final Path dir;

    public ReleaseStore(Path dataDir) {
        this.dir = dataDir.resolve(DIRECTORY);
    }

    /**
     * Stores a release file; a release of the same sequence must not exist.
     *
     * @throws IOException with one sentence when the file is not a release or does not match its manifest
     */
    public ReleaseManifest publish(Path file) throws IOException {
        Files.createDirectories(dir);
        byte[] signed;
        ReleaseManifest manifest;
        Path payload = Files.createTempFile(dir, ".upload", ".payload");
        try {
            try (InputStream in = Files.newInputStream(file)) {
                signed = ReleaseFile.readHeader(in);
                manifest = ManifestCodec.decode(SignedManifest.parse(signed).manifest());
                Files.copy(in, payload, StandardCopyOption.REPLACE_EXISTING);
            } catch (UpdateRefusedException e) {
                throw new IOException(file + " is not a release: " + e.getMessage());
            }
            if (Files.size(payload) != manifest.payloadSize()
                    || !MessageDigest.isEqual(sha256(payload), manifest.payloadSha256())) {
                throw new IOException(file + ": the payload does not match its manifest (size or SHA-256)");
            }
            if (Files.exists(manifestFile(manifest.sequence()))) {
                throw new IOException("release " + manifest.sequence() + " is published already");
            }
            Files.move(payload, payloadFile(manifest.sequence()), StandardCopyOption.ATOMIC_MOVE);
            Path tmp = dir.resolve(manifest.sequence() + ".manifest.tmp");
            Files.write(tmp, signed);
            Files.move(tmp, manifestFile(manifest.sequence()), StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(payload);
        }
    }

    /** The signed manifest of {@code sequence}, if published. */
    public Optional<byte[]> manifest(long sequence) throws IOException {
        Path file = manifestFile(sequence);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /** The payload's size, if published. */
    public Optional<Long> payloadSize(long sequence) throws IOException {
        Path file = payloadFile(sequence);
        return Files.isRegularFile(file) && Files.isRegularFile(manifestFile(sequence))
                ? Optional.of(Files.size(file))
                : Optional.empty();
    }

    /** Up to {@code length} payload bytes from {@code offset}. */
    public byte[] payload(long sequence, long offset, int length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(payloadFile(sequence).toFile(), "r")) {
            long size = file.length();
            if (offset >= size) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) Math.min(length, size - offset)];
            file.seek(offset);
            file.readFully(bytes);
            return bytes;
        }
    }

    /** The published releases' manifests, by sequence. */
    public List<ReleaseManifest> list() throws IOException {
        List<ReleaseManifest> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".manifest"))
                    .toList()) {
                try {
                    all.add(ManifestCodec.decode(
                            SignedManifest.parse(Files.readAllBytes(f)).manifest()));
                } catch (UpdateRefusedException e) {
                    throw new IOException(f + " is damaged: " + e.getMessage());
                }
            }
        }
        all.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return all;
    }

    private Path manifestFile(long sequence) {
        return dir.resolve(sequence + ".manifest");
    }

    private Path payloadFile(long sequence) {
        return dir.resolve(sequence + ".payload");
    }

    private static byte[] sha256(Path file) throws IOException {
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
