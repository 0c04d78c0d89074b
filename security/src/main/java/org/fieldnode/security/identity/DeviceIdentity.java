// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.identity;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An enrolled node identity: the node id, its P-256 key pair and the certificate chain the collector's CA issued
 * for it (leaf first). The private key stays in this process for the DTLS handshake and is never serialised,
 * logged or sent (SECURITY R2); {@link #toString()} shows the id, subject and expiry only (R11).
 */
public final class DeviceIdentity {
    private final NodeId nodeId;
    private final KeyPair keys;
    private final List<X509Certificate> chain;

    /**
     * @param chain the node certificate first, then any intermediates; the leaf must hold {@code keys}' public key
     * @throws IllegalArgumentException when the chain is empty or its leaf certifies another key
     */
    public DeviceIdentity(NodeId nodeId, KeyPair keys, List<X509Certificate> chain) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("a device identity needs its certificate");
        }
        if (!this.chain.get(0).getPublicKey().equals(keys.getPublic())) {
            throw new IllegalArgumentException("the certificate of " + nodeId + " holds another public key");
        }
    }

    public NodeId nodeId() {
        return nodeId;
    }

    /** The node's certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The chain as presented in a DTLS Certificate message: node certificate first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** The private key, for the local DTLS stack only; never write, log or send it (R2). */
    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /** The key pair, for the local keystore and DTLS stack only. */
    public KeyPair keyPair() {
        return keys;
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return certificate().getNotBefore().toInstant();
    }

    /** True when {@code now} lies within the certificate's validity period (RFC 5280 §4.1.2.5, inclusive). */
    public boolean isValidAt(Instant now) {
        return !now.isBefore(notBefore()) && !now.isAfter(notAfter());
    }

    @Override
    public String toString() {
        return "DeviceIdentity[node=" + nodeId + ", subject="
                + certificate().getSubjectX500Principal().getName() + ", notAfter=" + notAfter()
                + ", key=(P-256, redacted)]";
    }
}
