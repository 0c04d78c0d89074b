// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.util.Optional;
import java.util.OptionalLong;
import org.fieldnode.protocol.cbor.CborWriter;

/**
 * The release manifest in CBOR (RFC 8949), the payload of its COSE_Sign1 ({@link SignedManifest}). One definite
 * map with small integer keys, in this order, each at most once, unknown keys refused (a node must not install
 * what it cannot fully understand, RFC 9019 §5):
 *
 * <pre>
 * { 1: product       text, 1..64 printable ASCII
 *   2: sequence      uint, 1..2^32-1
 *   3: version       text, 1..64 printable ASCII
 *   4: payload-sha256 bstr .size 32
 *   5: payload-size  uint, 1..MAX_PAYLOAD_BYTES
 *   ? 6: base        uint: a delta from this installed sequence
 *   ? 7: successor   bstr: SubjectPublicKeyInfo (DER) of the next P-256 update key }
 * </pre>
 */
public final class ManifestCodec {
    /** The largest encoded manifest (a successor key is about 91 bytes). */
    public static final int MAX_MANIFEST_BYTES = 512;

    /** The largest payload a manifest may announce: 64 MiB, several times a full node release. */
    public static final long MAX_PAYLOAD_BYTES = 64L << 20;

    public static final long MAX_SEQUENCE = 0xFFFF_FFFFL;

    private static final int PRODUCT = 1;
    private static final int SEQUENCE = 2;
    private static final int VERSION = 3;
    private static final int SHA256 = 4;
    private static final int SIZE = 5;
    private static final int BASE = 6;
    private static final int SUCCESSOR = 7;
    private static final int MAX_KEY_BYTES = 256;

    private ManifestCodec() {}

    public static byte[] encode(ReleaseManifest m) {
        int pairs = 5 + (m.isDelta() ? 1 : 0) + (m.successorKey().isPresent() ? 1 : 0);
        CborWriter out = new CborWriter(160)
                .map(pairs)
                .integer(PRODUCT)
                .text(m.product())
                .integer(SEQUENCE)
                .integer(m.sequence())
                .integer(VERSION)
                .text(m.version())
                .integer(SHA256)
                .bytes(m.payloadSha256())
                .integer(SIZE)
                .integer(m.payloadSize());
        if (m.isDelta()) {
            out.integer(BASE).integer(m.baseSequence().getAsLong());
        }
        m.successorKey().ifPresent(key -> out.integer(SUCCESSOR).bytes(key));
        return out.toByteArray();
    }

    /**
     * Reads a manifest; anything but the layout of the class comment is refused.
     *
     * @throws UpdateRefusedException {@link Refusal#MALFORMED}, naming the byte
     */
    public static ReleaseManifest decode(byte[] encoded) throws UpdateRefusedException {
        if (encoded.length > MAX_MANIFEST_BYTES) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "manifest of " + encoded.length + " bytes is too long");
        }
        StrictCbor in = new StrictCbor(encoded);
        long pairs = in.head(CborWriter.MAJOR_MAP, 7, "a map of at most 7 entries");
        String product = null;
        String version = null;
        byte[] sha256 = null;
        long sequence = 0;
        long size = 0;
        OptionalLong base = OptionalLong.empty();
        Optional<byte[]> successor = Optional.empty();
        long lastKey = 0;
        for (long i = 0; i < pairs; i++) {
            long key = in.head(CborWriter.MAJOR_UNSIGNED, SUCCESSOR, "a key 1..7");
            if (key <= lastKey) {
                throw new UpdateRefusedException(Refusal.MALFORMED, "key " + key + " out of order or repeated");
            }
            lastKey = key;
            switch ((int) key) {
                case PRODUCT -> product = label(in, "product");
                case SEQUENCE -> sequence = in.head(CborWriter.MAJOR_UNSIGNED, MAX_SEQUENCE, "sequence");
                case VERSION -> version = label(in, "version");
                case SHA256 -> sha256 = in.bytes(32, "payload SHA-256");
                case SIZE -> size = in.head(CborWriter.MAJOR_UNSIGNED, Long.MAX_VALUE, "payload size");
                case BASE -> base = OptionalLong.of(in.head(CborWriter.MAJOR_UNSIGNED, MAX_SEQUENCE, "base"));
                case SUCCESSOR -> successor = Optional.of(in.bytes(MAX_KEY_BYTES, "successor key"));
                default -> throw new UpdateRefusedException(Refusal.MALFORMED, "unknown key " + key);
            }
        }
        in.end("manifest");
        if (product == null || version == null || sha256 == null || sequence == 0 || size == 0) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "product, sequence, version, digest or size missing");
        }
        if (sha256.length != 32) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "payload SHA-256 is not 32 bytes");
        }
        if (size > MAX_PAYLOAD_BYTES) {
            throw new UpdateRefusedException(
                    Refusal.OVERSIZED, "payload of " + size + " bytes is above the limit of " + MAX_PAYLOAD_BYTES);
        }
        if (base.isPresent() && (base.getAsLong() < 1 || base.getAsLong() >= sequence)) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "a delta's base must be below its sequence");
        }
        return new ReleaseManifest(product, sequence, version, sha256, size, base, successor);
    }

    /** 1..64 printable ASCII characters. */
    static boolean isLabel(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static String label(StrictCbor in, String what) throws UpdateRefusedException {
        String text = in.text(64, what);
        if (!isLabel(text)) {
            throw new UpdateRefusedException(Refusal.MALFORMED, what + " must be 1..64 printable ASCII characters");
        }
        return text;
    }
}
