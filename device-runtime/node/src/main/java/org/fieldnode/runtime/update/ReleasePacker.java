// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.update;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.SignedManifest;

/**
 * {@code fieldnode update pack}: makes a release file from a release directory, on the integrator's machine where
 * the update key is kept (SECURITY R26). With a base directory the payload is a delta against it.
 */
public final class ReleasePacker {
    /** The product name of the node application. */
    public static final String PRODUCT = "fieldnode-node";

    /** What was packed. */
    public record Packed(ReleaseManifest manifest, int files, long fileBytes) {}

    private ReleasePacker() {}

    /**
     * Packs {@code from} as release {@code sequence}.
     *
     * @param base the directory of the installed release a delta applies to, or null for a full release
     * @param baseSequence that release's sequence (ignored without a base)
     * @param successor the next update key, announced in this release (key rotation), or null
     */
    public static Packed pack(
            Path from,
            Path base,
            long baseSequence,
            long sequence,
            String version,
            KeyPair key,
            PublicKey successor,
            Path out)
            throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IOException(from + " is not a directory");
        }
        Path payload = Files.createTempFile(out.toAbsolutePath().getParent(), ".payload", ".zip");
        try {
            int files;
            try (OutputStream stream = Files.newOutputStream(payload)) {
                files = ReleaseArchive.write(from, base, stream);
            }
            ReleaseManifest manifest = new ReleaseManifest(
                    PRODUCT,
                    sequence,
                    version,
                    ReleaseArchive.sha256(payload),
                    Files.size(payload),
                    base == null ? OptionalLong.empty() : OptionalLong.of(baseSequence),
                    Optional.ofNullable(successor).map(PublicKey::getEncoded));
            byte[] signed = SignedManifest.sign(manifest, key.getPrivate(), key.getPublic());
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            try (OutputStream stream = Files.newOutputStream(tmp)) {
                ReleaseFile.writeHeader(stream, signed);
                Files.copy(payload, stream);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Packed(manifest, files, Files.size(out));
        } finally {
            Files.deleteIfExists(payload);
        }
    }
}
