// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fieldnode.security.identity.NodeId;

/**
 * Seals enrolment PSKs at rest in {@code enrolment.db} with AES-256-GCM under the CA keystore's {@code
 * enrolment-seal} key, so the database file alone reveals no key (SECURITY R9). The PSK identity is the additional
 * authenticated data: a sealed key moved to another row does not open.
 *
 * <pre>
 * sealed = nonce (12 bytes, random) || ciphertext (same length as the key) || GCM tag (16 bytes)
 * </pre>
 */
final class CredentialSeal {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    /** Copies {@code key}; the caller overwrites its own copy. */
    CredentialSeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    byte[] seal(String identity, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        NodeId.nonBlockingRandom().nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM is not available: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * @throws GeneralSecurityException when the sealed bytes were changed, belong to another identity, or were
     *     sealed under another CA
     */
    byte[] open(String identity, byte[] sealed) throws GeneralSecurityException {
        if (sealed.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("sealed credential too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, NONCE_BYTES)));
        cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }
}
