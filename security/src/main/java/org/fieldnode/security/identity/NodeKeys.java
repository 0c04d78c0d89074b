// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/**
 * Makes the node's key pairs: ECDSA on P-256 (secp256r1), the only curve RFC 7925 §4.4 requires and the one
 * {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8} uses (SECURITY R1, R14). The key is made on the node from a
 * non-blocking secure random source and never leaves it (R2): a fresh pair for first enrolment and for every
 * renewal (R6).
 */
public final class NodeKeys {
    /** The named curve of every node key. */
    public static final String CURVE = "secp256r1";

    private NodeKeys() {}

    /** A new P-256 key pair from {@link NodeId#nonBlockingRandom()}. */
    public static KeyPair generate() {
        return generate(NodeId.nonBlockingRandom());
    }

    /** A new P-256 key pair from {@code random} (tests pass a seeded source only to make runs repeatable). */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProvider.bc());
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation is not available: " + e.getMessage(), e);
        }
    }
}
