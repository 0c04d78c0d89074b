// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.trust.Fingerprint;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * The node's credentials as entries of its one {@link EncryptedKeystore} (SECURITY R9). Every mutator saves the
 * store once, atomically.
 *
 * <pre>
 * alias                          entry            holds
 * node-key                       private key      the enrolled P-256 key, with its certificate chain (leaf first)
 * enrolment-psk/&lt;hex identity&gt;  secret           the one-time bootstrap PSK until enrolment succeeds (R4)
 * ca-pin                         secret (32 B)    SHA-256 of the CA certificate from the provisioning bundle (R5)
 * trust-anchor                   certificate      the CA certificate accepted from /crts against the pin (R7)
 * </pre>
 *
 * The pin lives here rather than in a plain file because the store's HMAC protects it against tampering.
 */
public final class NodeCredentials {
    static final String NODE_KEY = "node-key";
    static final String PSK_PREFIX = "enrolment-psk/";
    static final String CA_PIN = "ca-pin";
    static final String TRUST_ANCHOR = "trust-anchor";

    private final EncryptedKeystore store;

    public NodeCredentials(EncryptedKeystore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The underlying keystore. */
    public EncryptedKeystore keystore() {
        return store;
    }

    /** The enrolled identity of {@code nodeId}, if the node has one (it may have expired: check before use). */
    public Optional<DeviceIdentity> identity(NodeId nodeId) throws KeystoreException {
        Optional<PrivateKey> key = store.privateKey(NODE_KEY);
        List<X509Certificate> chain = store.chain(NODE_KEY);
        if (key.isEmpty() || chain.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new DeviceIdentity(nodeId, new KeyPair(chain.get(0).getPublicKey(), key.get()), chain));
        } catch (IllegalArgumentException e) {
            throw new KeystoreException(store.file() + ": stored node key and certificate do not belong together");
        }
    }

    /**
     * Stores a newly issued identity in place of the old one and deletes the enrolment PSK, in one atomic save:
     * after a successful enrolment or renewal the old key and the bootstrap credential are gone (R4, R6).
     */
    public void completeEnrolment(DeviceIdentity identity) throws KeystoreException {
        store.putPrivateKey(NODE_KEY, identity.privateKey(), identity.chain());
        boolean hadPsk = deletePskEntries();
        store.save();
        Logger.info(
                "node identity stored: node={} notAfter={} enrolmentPskDeleted={}",
                identity.nodeId(),
                identity.notAfter(),
                hadPsk);
    }

    /** The one-time enrolment credential, while it is unused. */
    public Optional<PskCredential> enrolmentCredential() throws KeystoreException {
        for (String alias : store.aliases()) {
            if (alias.startsWith(PSK_PREFIX)) {
                String identity = new String(
                        HexFormat.of().parseHex(alias.substring(PSK_PREFIX.length())), StandardCharsets.UTF_8);
                byte[] secret = store.secret(alias).orElseThrow();
                try {
                    return Optional.of(new PskCredential(identity, secret));
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
        }
        return Optional.empty();
    }

    /** Keeps the enrolment credential from a provisioning bundle (replacing an older one) and saves. */
    public void putEnrolmentCredential(PskCredential psk) throws KeystoreException {
        deletePskEntries();
        byte[] secret = psk.secret();
        try {
            store.putSecret(
                    PSK_PREFIX + HexFormat.of().formatHex(psk.identity().getBytes(StandardCharsets.UTF_8)), secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        store.save();
    }

    /** Deletes the enrolment credential, if any, and saves. */
    public void deleteEnrolmentCredential() throws KeystoreException {
        if (deletePskEntries()) {
            store.save();
        }
    }

    /** The stored pin and anchor, if a bundle was imported. */
    public Optional<TrustAnchors> trustAnchors() throws KeystoreException {
        Optional<byte[]> pin = store.secret(CA_PIN);
        if (pin.isEmpty()) {
            return Optional.empty();
        }
        Fingerprint fingerprint = Fingerprint.parse(HexFormat.of().formatHex(pin.get()));
        List<X509Certificate> anchors = store.certificate(TRUST_ANCHOR).stream().toList();
        try {
            return Optional.of(TrustAnchors.restored(fingerprint, anchors));
        } catch (IllegalArgumentException e) {
            throw new KeystoreException(store.file() + ": " + e.getMessage());
        }
    }

    /** Saves the pin and the current anchor. */
    public void saveTrust(TrustAnchors trust) throws KeystoreException {
        store.putSecret(CA_PIN, HexFormat.of().parseHex(trust.pin().hex()));
        Optional<X509Certificate> anchor = trust.anchor();
        if (anchor.isPresent()) {
            store.putCertificate(TRUST_ANCHOR, anchor.get());
        } else {
            store.delete(TRUST_ANCHOR);
        }
        store.save();
    }

    /** Crypto-erase (R12): the wrapping key and the keystore are destroyed. */
    public void cryptoErase() throws KeystoreException {
        store.cryptoErase();
        Logger.info("keystore crypto-erased: file={}", store.file());
    }

    private boolean deletePskEntries() throws KeystoreException {
        boolean any = false;
        for (String alias : store.aliases()) {
            if (alias.startsWith(PSK_PREFIX)) {
                store.delete(alias);
                any = true;
            }
        }
        return any;
    }

    @Override
    public String toString() {
        return "NodeCredentials[" + store.file() + "]";
    }
}
