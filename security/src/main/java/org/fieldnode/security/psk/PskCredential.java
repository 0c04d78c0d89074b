// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.psk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A DTLS pre-shared key: a public identity and a secret. The secret never appears in {@link #toString()}, and
 * {@link #destroy()} overwrites it so that a used credential leaves no copy in this object (SECURITY R11).
 */
public final class PskCredential implements Destroyable {
    /** RFC 4279 §5.1: the identity is at most 128 bytes of UTF-8 (RFC 7925 recommends fewer). */
    public static final int MAX_IDENTITY_BYTES = 128;

    /** RFC 4279 §5.3 allows up to 64 bytes; RFC 7925 §4.2 asks for at least 16 bytes of entropy. */
    public static final int MIN_SECRET_BYTES = 16;

    public static final int MAX_SECRET_BYTES = 64;

    private final String identity;
    private final byte[] secret;
    private boolean destroyed;

    /** Copies {@code secret}; the caller should overwrite its own copy. */
    public PskCredential(String identity, byte[] secret) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(secret, "secret");
        int identityBytes = identity.getBytes(StandardCharsets.UTF_8).length;
        if (identityBytes == 0 || identityBytes > MAX_IDENTITY_BYTES) {
            throw new IllegalArgumentException(
                    "PSK identity must be 1.." + MAX_IDENTITY_BYTES + " bytes, got " + identityBytes);
        }
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("PSK secret must be " + MIN_SECRET_BYTES + ".." + MAX_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        this.identity = identity;
        this.secret = secret.clone();
    }

    /** The public PSK identity the peer looks the key up by. */
    public String identity() {
        return identity;
    }

    /**
     * A copy of the secret, for handing to the DTLS stack; overwrite it when done.
     *
     * @throws IllegalStateException after {@link #destroy()}
     */
    public byte[] secret() {
        if (destroyed) {
            throw new IllegalStateException("PSK credential for '" + identity + "' was destroyed");
        }
        return secret.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PskCredential[identity=" + identity + ", secret=(" + secret.length + " bytes, redacted)]";
    }
}
