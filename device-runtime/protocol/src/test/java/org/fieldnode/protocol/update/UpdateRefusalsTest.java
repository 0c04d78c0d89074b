// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SECURITY R24: a release is accepted only when its COSE_Sign1 manifest verifies with the pinned key and names this
 * product, a higher sequence, an installed base for a delta, and the payload's size and SHA-256. Each refusal has
 * its own reason.
 */
class UpdateRefusalsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPair KEY = UpdateKeys.generate(RANDOM);
    private static final KeyPair OTHER = UpdateKeys.generate(RANDOM);
    private static final byte[] PAYLOAD = "the node's application".getBytes(StandardCharsets.US_ASCII);

    private final ReleaseCheck node = new ReleaseCheck("fieldnode-node", 4, KEY.getPublic(), Set.of());

    @Test
    void r24_aGoodRelease_isAcceptedAndItsPayloadVerifies() throws Exception {
        ReleaseManifest accepted = node.check(signed(manifest(5, OptionalLong.empty()), KEY));
        PayloadDigest digest = new PayloadDigest(accepted);
        digest.update(PAYLOAD, 0, PAYLOAD.length);
        digest.finish();
        assertThat(accepted.sequence()).isEqualTo(5);
        assertThat(digest.received()).isEqualTo(PAYLOAD.length);
    }

    @Test
    void r24_aBadSignature_isRefused() {
        byte[] cose = signed(manifest(5, OptionalLong.empty()), KEY);
        cose[cose.length - 1] ^= 1;
        refused(cose, Refusal.BAD_SIGNATURE);
    }

    @Test
    void r24_aManifestChangedAfterSigning_isRefusedAsABadSignature() {
        byte[] cose = signed(manifest(5, OptionalLong.empty()), KEY);
        int at = indexOf(cose, "1.5".getBytes(StandardCharsets.US_ASCII));
        cose[at + 2] = '9'; // version 1.5 -> 1.9 keeps the structure
        refused(cose, Refusal.BAD_SIGNATURE);
    }

    @Test
    void r24_anUnknownKey_isRefused() {
        refused(signed(manifest(5, OptionalLong.empty()), OTHER), Refusal.UNKNOWN_KEY);
    }

    @Test
    void r24_aSupersededKey_isRefused() {
        ReleaseCheck rotated =
                new ReleaseCheck("fieldnode-node", 4, OTHER.getPublic(), Set.of(UpdateKeys.keyIdHex(KEY.getPublic())));
        assertThatThrownBy(() -> rotated.check(signed(manifest(5, OptionalLong.empty()), KEY)))
                .isInstanceOfSatisfying(
                        UpdateRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.SUPERSEDED_KEY));
    }

    @Test
    void r24_anotherProduct_isRefused() {
        ReleaseManifest other = new ReleaseManifest(
                "someone-else", 5, "1.5", sha256(PAYLOAD), PAYLOAD.length, OptionalLong.empty(), Optional.empty());
        refused(signed(other, KEY), Refusal.OTHER_PRODUCT);
    }

    @Test
    void r24_aSequenceNotHigher_isRefused() {
        refused(signed(manifest(4, OptionalLong.empty()), KEY), Refusal.SEQUENCE_NOT_HIGHER);
        refused(signed(manifest(3, OptionalLong.empty()), KEY), Refusal.SEQUENCE_NOT_HIGHER);
    }

    @Test
    void r24_aDeltaWhoseBaseIsNotInstalled_isRefused() throws Exception {
        refused(signed(manifest(5, OptionalLong.of(3)), KEY), Refusal.BASE_NOT_INSTALLED);
        assertThat(node.check(signed(manifest(5, OptionalLong.of(4)), KEY)).isDelta())
                .isTrue();
    }

    @Test
    void r24_aDigestMismatch_isRefused() throws Exception {
        ReleaseManifest accepted = node.check(signed(manifest(5, OptionalLong.empty()), KEY));
        byte[] changed = PAYLOAD.clone();
        changed[0] ^= 1;
        PayloadDigest digest = new PayloadDigest(accepted);
        digest.update(changed, 0, changed.length);
        assertThatThrownBy(digest::finish)
                .isInstanceOfSatisfying(
                        UpdateRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.DIGEST_MISMATCH));
    }

    @Test
    void r24_aTruncatedPayload_isRefused() throws Exception {
        PayloadDigest digest = new PayloadDigest(node.check(signed(manifest(5, OptionalLong.empty()), KEY)));
        digest.update(PAYLOAD, 0, PAYLOAD.length - 1);
        assertThatThrownBy(digest::finish)
                .isInstanceOfSatisfying(
                        UpdateRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.TRUNCATED));
    }

    @Test
    void r24_anOversizedPayload_isRefusedAtTheFirstExtraByte() throws Exception {
        PayloadDigest digest = new PayloadDigest(node.check(signed(manifest(5, OptionalLong.empty()), KEY)));
        digest.update(PAYLOAD, 0, PAYLOAD.length);
        assertThatThrownBy(() -> digest.update(new byte[1], 0, 1))
                .isInstanceOfSatisfying(
                        UpdateRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.OVERSIZED));
        assertThat(digest.received()).isEqualTo(PAYLOAD.length);
    }

    @Test
    void r24_aMalformedManifest_isRefused() {
        refused(new byte[] {(byte) 0xD2, (byte) 0x84}, Refusal.MALFORMED);
        refused("not cbor at all".getBytes(StandardCharsets.US_ASCII), Refusal.MALFORMED);
    }

    @Test
    void manifest_roundTripsWithDeltaAndSuccessorKey() throws Exception {
        ReleaseManifest m = new ReleaseManifest(
                "fieldnode-node",
                7,
                "0.2.0",
                sha256(PAYLOAD),
                PAYLOAD.length,
                OptionalLong.of(6),
                Optional.of(OTHER.getPublic().getEncoded()));
        assertThat(ManifestCodec.decode(ManifestCodec.encode(m))).isEqualTo(m);
        assertThat(UpdateKeys.publicKey(m.successorKey().orElseThrow())).isEqualTo(OTHER.getPublic());
    }

    @Test
    void releaseFile_headerRoundTrips() throws Exception {
        byte[] cose = signed(manifest(5, OptionalLong.empty()), KEY);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ReleaseFile.writeHeader(out, cose);
        out.write(PAYLOAD);
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(out.toByteArray());
        assertThat(ReleaseFile.readHeader(in)).isEqualTo(cose);
        assertThat(in.readAllBytes()).isEqualTo(PAYLOAD);
    }

    private void refused(byte[] cose, Refusal expected) {
        assertThatThrownBy(() -> node.check(cose)).isInstanceOfSatisfying(UpdateRefusedException.class, e -> {
            assertThat(e.refusal()).isEqualTo(expected);
            assertThat(e.getMessage()).startsWith(expected.code()).doesNotContain("\n");
        });
    }

    static ReleaseManifest manifest(long sequence, OptionalLong base) {
        return new ReleaseManifest(
                "fieldnode-node", sequence, "1.5", sha256(PAYLOAD), PAYLOAD.length, base, Optional.empty());
    }

    static byte[] signed(ReleaseManifest m, KeyPair key) {
        return SignedManifest.sign(m, key.getPrivate(), key.getPublic());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
