// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Checks a payload against its manifest as its blocks arrive, so that a node never keeps more than the manifest
 * announced: a byte past the announced size is refused at once ({@link Refusal#OVERSIZED}); at the end the size
 * ({@link Refusal#TRUNCATED}) and the SHA-256 ({@link Refusal#DIGEST_MISMATCH}) must match. Not thread-safe.
 */
public final class PayloadDigest {
    private final ReleaseManifest manifest;
    private final MessageDigest sha256;
    private long received;

    public PayloadDigest(ReleaseManifest manifest) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Adds {@code length} bytes of {@code block}. */
    public void update(byte[] block, int offset, int length) throws UpdateRefusedException {
        if (received + length > manifest.payloadSize()) {
            throw new UpdateRefusedException(
                    Refusal.OVERSIZED, "payload is longer than the announced " + manifest.payloadSize() + " bytes");
        }
        sha256.update(block, offset, length);
        received += length;
    }

    /** Bytes accepted so far. */
    public long received() {
        return received;
    }

    /** Checks size and digest once the payload is complete. */
    public void finish() throws UpdateRefusedException {
        if (received < manifest.payloadSize()) {
            throw new UpdateRefusedException(
                    Refusal.TRUNCATED, "payload has " + received + " of " + manifest.payloadSize() + " bytes");
        }
        if (!MessageDigest.isEqual(sha256.digest(), manifest.payloadSha256())) {
            throw new UpdateRefusedException(Refusal.DIGEST_MISMATCH, "payload SHA-256 differs from the manifest");
        }
    }
}
