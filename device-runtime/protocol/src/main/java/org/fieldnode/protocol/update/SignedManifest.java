// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import org.fieldnode.protocol.cbor.CborWriter;

/**
 * A manifest signed as a COSE_Sign1 (RFC 9052 §4.2) with ES256 (RFC 9053 §2.1): tag 18 and
 *
 * <pre>
 * [ protected:   bstr .cbor {1: -7}        alg ES256
 *   unprotected: {4: bstr .size 8}         kid, see {@link UpdateKeys#keyId}
 *   payload:     bstr .cbor manifest       {@link ManifestCodec}
 *   signature:   bstr .size 64 ]           r || s, each 32 bytes (RFC 9053 §2.1)
 * </pre>
 *
 * The signature is over the Sig_structure {@code ["Signature1", protected, h'', payload]} (RFC 9052 §4.4), no
 * external data.
 *
 * @param keyId the kid of the unprotected header
 * @param protectedHeader the protected header as it was signed
 * @param manifest the manifest's bytes as they were signed
 * @param signature r || s
 */
public record SignedManifest(byte[] keyId, byte[] protectedHeader, byte[] manifest, byte[] signature) {
    /** COSE_Sign1 tag (RFC 9052 §4.2). */
    public static final int TAG = 18;

    /** The protected header {1: -7}: alg ES256. */
    private static final byte[] PROTECTED_ES256 = {(byte) 0xA1, 0x01, 0x26};

    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final int MAX_SIGNED_BYTES = ManifestCodec.MAX_MANIFEST_BYTES + 128;

    /** Signs {@code manifest} with the update key (on the integrator's machine only, SECURITY R26). */
    public static byte[] sign(ReleaseManifest manifest, PrivateKey key, PublicKey publicKey) {
        byte[] payload = ManifestCodec.encode(manifest);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(toBeSigned(PROTECTED_ES256, payload));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: it must be a P-256 private key", e);
        }
        return new CborWriter(payload.length + 96)
                .head(CborWriter.MAJOR_TAG, TAG)
                .array(4)
                .bytes(PROTECTED_ES256)
                .map(1)
                .integer(4)
                .bytes(UpdateKeys.keyId(publicKey))
                .bytes(payload)
                .bytes(signature)
                .toByteArray();
    }

    /**
     * Reads the COSE_Sign1 structure; the signature is not checked yet ({@link #verify}).
     *
     * @throws UpdateRefusedException {@link Refusal#MALFORMED}
     */
    public static SignedManifest parse(byte[] cose) throws UpdateRefusedException {
        if (cose.length > MAX_SIGNED_BYTES) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "signed manifest of " + cose.length + " bytes");
        }
        StrictCbor in = new StrictCbor(cose);
        if (in.head(CborWriter.MAJOR_TAG, TAG, "COSE_Sign1 tag 18") != TAG) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "not a COSE_Sign1 (tag 18)");
        }
        if (in.head(CborWriter.MAJOR_ARRAY, 4, "an array of 4") != 4) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "COSE_Sign1 is an array of 4");
        }
        byte[] protectedHeader = in.bytes(16, "protected header");
        if (!Arrays.equals(protectedHeader, PROTECTED_ES256)) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "algorithm is not ES256");
        }
        if (in.head(CborWriter.MAJOR_MAP, 1, "unprotected map {4: kid}") != 1
                || in.head(CborWriter.MAJOR_UNSIGNED, 4, "kid label 4") != 4) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "unprotected header must be {4: kid}");
        }
        byte[] keyId = in.bytes(UpdateKeys.KEY_ID_BYTES, "kid");
        byte[] manifest = in.bytes(ManifestCodec.MAX_MANIFEST_BYTES, "manifest");
        byte[] signature = in.bytes(64, "signature");
        in.end("COSE_Sign1");
        if (keyId.length != UpdateKeys.KEY_ID_BYTES || signature.length != 64) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "kid or signature of the wrong length");
        }
        return new SignedManifest(keyId, protectedHeader, manifest, signature);
    }

    /** True when the signature verifies with {@code key}. */
    public boolean verify(PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(toBeSigned(protectedHeader, manifest));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The Sig_structure of RFC 9052 §4.4 for a COSE_Sign1 without external data. */
    private static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
        return new CborWriter(payload.length + 32)
                .array(4)
                .text("Signature1")
                .bytes(protectedHeader)
                .bytes(new byte[0])
                .bytes(payload)
                .toByteArray();
    }
}
