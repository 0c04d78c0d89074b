// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The node's opaque, persistent identifier (SECURITY R1, ITU-T Y.4459): {@code fieldnode-} and 16 random hex
 * digits. It encodes no MAC address, serial number, owner or location, survives restarts, and changes only on a
 * factory reset ({@code security.store.NodeIdFile} keeps it). It is safe to use in SenML names ({@code urn:dev:ops:<id>:}) and as a PSK identity.
 */
public record NodeId(String value) {
    private static final Pattern FORMAT = Pattern.compile("fieldnode-[0-9a-f]{16}");

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a node id (expected fieldnode- and 16 hex digits): " + value);
        }
    }

    /** A new random id from a non-blocking secure source (a blocking one can stall for minutes after boot). */
    public static NodeId random() {
        byte[] bits = new byte[8];
        nonBlockingRandom().nextBytes(bits);
        return new NodeId("fieldnode-" + HexFormat.of().formatHex(bits));
    }

    /** {@code NativePRNGNonBlocking} (/dev/urandom) where the platform has it, else the default provider. */
    public static SecureRandom nonBlockingRandom() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
