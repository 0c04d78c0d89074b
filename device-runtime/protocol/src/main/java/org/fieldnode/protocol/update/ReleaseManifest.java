// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a release says about itself, after the model of the IETF SUIT architecture (RFC 9019 §3): the product it
 * is for, a monotonically increasing sequence number (anti-rollback), a version for people, the SHA-256 and size
 * of its payload, whether the payload is a delta from an installed sequence, and optionally the public key that
 * signs the next releases (key rotation). Encoded by {@link ManifestCodec}, signed by {@link SignedManifest}.
 *
 * @param product the product name, e.g. {@code fieldnode-node}, 1..64 printable ASCII characters
 * @param sequence 1..2^32-1, higher for every later release
 * @param version the version string shown to people, 1..64 printable ASCII characters
 * @param payloadSha256 the 32-byte SHA-256 of the payload
 * @param payloadSize the payload's exact size in bytes, 1..{@link ManifestCodec#MAX_PAYLOAD_BYTES}
 * @param baseSequence present for a delta: the installed sequence the payload applies to
 * @param successorKey present for a rotation: the X.509 SubjectPublicKeyInfo (DER) of the next P-256 update key
 */
public record ReleaseManifest(
        String product,
        long sequence,
        String version,
        byte[] payloadSha256,
        long payloadSize,
        OptionalLong baseSequence,
        Optional<byte[]> successorKey) {
    public ReleaseManifest {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        Objects.requireNonNull(baseSequence, "baseSequence");
        Objects.requireNonNull(successorKey, "successorKey");
        if (!ManifestCodec.isLabel(product) || !ManifestCodec.isLabel(version)) {
            throw new IllegalArgumentException("product and version must be 1..64 printable ASCII characters");
        }
        if (sequence < 1 || sequence > ManifestCodec.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence must be 1.." + ManifestCodec.MAX_SEQUENCE);
        }
        if (payloadSha256.length != 32) {
            throw new IllegalArgumentException("payload SHA-256 must be 32 bytes");
        }
        if (payloadSize < 1 || payloadSize > ManifestCodec.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload size must be 1.." + ManifestCodec.MAX_PAYLOAD_BYTES);
        }
        if (baseSequence.isPresent() && (baseSequence.getAsLong() < 1 || baseSequence.getAsLong() >= sequence)) {
            throw new IllegalArgumentException("a delta's base must be 1..sequence-1");
        }
        payloadSha256 = payloadSha256.clone();
        successorKey = successorKey.map(byte[]::clone);
    }

    /** True when the payload is a delta from {@link #baseSequence}. */
    public boolean isDelta() {
        return baseSequence.isPresent();
    }

    @Override
    public byte[] payloadSha256() {
        return payloadSha256.clone();
    }

    @Override
    public Optional<byte[]> successorKey() {
        return successorKey.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseManifest m
                && product.equals(m.product)
                && sequence == m.sequence
                && version.equals(m.version)
                && Arrays.equals(payloadSha256, m.payloadSha256)
                && payloadSize == m.payloadSize
                && baseSequence.equals(m.baseSequence)
                && Arrays.equals(successorKey.orElse(null), m.successorKey.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(product, sequence, version, Arrays.hashCode(payloadSha256), payloadSize, baseSequence);
    }

    @Override
    public String toString() {
        return "ReleaseManifest[product=" + product + ", sequence=" + sequence + ", version=" + version + ", sha256="
                + HexFormat.of().formatHex(payloadSha256) + ", size=" + payloadSize
                + (isDelta() ? ", base=" + baseSequence.getAsLong() : "")
                + (successorKey.isPresent() ? ", successor-key" : "") + "]";
    }
}
