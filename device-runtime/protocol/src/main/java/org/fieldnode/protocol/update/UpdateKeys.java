// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.update;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Update keys: ECDSA on P-256 (ES256, RFC 9053 §2.1), from the JDK's own provider so that the wire contract needs
 * nothing but the JDK. A key is named on the wire by its key id: the first 8 bytes of the SHA-256 of its
 * SubjectPublicKeyInfo (DER).
 */
public final class UpdateKeys {
    public static final int KEY_ID_BYTES = 8;

    private UpdateKeys() {}

    /** A new P-256 key pair, for {@code fieldnode update keygen} on the integrator's machine. */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    /** The key id of a public key (see the class comment). */
    public static byte[] keyId(PublicKey key) {
        return keyId(key.getEncoded());
    }

    /** The key id of an encoded SubjectPublicKeyInfo. */
    public static byte[] keyId(byte[] subjectPublicKeyInfo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
            return Arrays.copyOf(digest, KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The key id in hex, as shown to people. */
    public static String keyIdHex(PublicKey key) {
        return HexFormat.of().formatHex(keyId(key));
    }

    /**
     * Reads a P-256 public key from its SubjectPublicKeyInfo (DER).
     *
     * @throws UpdateRefusedException {@link Refusal#MALFORMED} when it is not one
     */
    public static PublicKey publicKey(byte[] subjectPublicKeyInfo) throws UpdateRefusedException {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            if (!(key instanceof ECPublicKey ec)
                    || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new UpdateRefusedException(Refusal.MALFORMED, "the key is not a P-256 key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UpdateRefusedException(Refusal.MALFORMED, "the key is not a P-256 public key");
        }
    }
}
