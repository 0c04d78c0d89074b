// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.fieldnode.collector.StoreException;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.KeystoreException;
import org.tinylog.Logger;

/**
 * The CA's records of who may enrol and who enrolled (SECURITY R4, R17, R20): one-time enrolment credentials,
 * enrolled nodes with their current certificate, and revocations. Makes each credential's random identity and key
 * and keeps the key only sealed with the CA's seal key ({@link CredentialSeal}); the rows live in an {@link
 * EnrolmentRecords} ({@code sqlite.SqliteEnrolmentRecords}: {@code DIR/enrolment.db}, which the {@code serve}
 * process and the {@code collector enrolment} commands use at the same time).
 *
 * <p>A credential is {@code unused}, {@code used} (by the node that enrolled with it), {@code replaced} (a newer
 * bundle for the same device, or its bundle could not be written) or {@code revoked}; only an unused one that has
 * not expired can enrol. A node has one current certificate serial: the only one accepted (R20). A revoked node
 * can neither report nor enrol again.
 */
public final class EnrolmentRegistry implements AutoCloseable {
    /** How long a bundle can enrol by default (and what bundles issued before expiry existed were given). */
    public static final Duration DEFAULT_BUNDLE_LIFETIME = Duration.ofDays(30);

    /** How every enrolment credential's PSK identity begins: kept out of {@code psk-directory} (SECURITY R8). */
    public static final String CREDENTIAL_PREFIX = "enrol-";

    /** Bytes of a new enrolment PSK (RFC 7925 §4.2 asks for at least 16 of entropy). */
    static final int KEY_BYTES = 32;

    /**
     * What a credential row says (never the key).
     *
     * @param state unused, used, replaced or revoked; an unused one past {@code notAfter} has expired
     */
    public record Credential(String identity, String device, String state, Optional<NodeId> nodeId, Instant notAfter) {
        /** True when this credential can enrol at {@code now}: unused and not expired. */
        public boolean canEnrolAt(Instant now) {
            return state.equals("unused") && now.isBefore(notAfter);
        }

        /**
         * Why this credential cannot enrol at {@code now}, as the one sentence its node logs (SECURITY R36: nothing
         * internal), or empty when it can.
         */
        public Optional<String> refusalAt(Instant now) {
            return switch (state) {
                case "used" -> Optional.of("this bundle was already used: ask for a new one");
                case "revoked" -> Optional.of("this bundle was revoked: ask for a new one");
                case "replaced" ->
                    Optional.of("this bundle was replaced by a newer one for the same device: use that one");
                default ->
                    now.isBefore(notAfter)
                            ? Optional.empty()
                            : Optional.of("this bundle expired on " + notAfter.truncatedTo(ChronoUnit.SECONDS)
                                    + ": ask for a new one");
            };
        }
    }

    /** What a node row says. */
    public record NodeRecord(
            NodeId nodeId,
            String device,
            String serial,
            Instant notAfter,
            Instant enrolled,
            Optional<Instant> revoked) {
        public boolean isRevoked() {
            return revoked.isPresent();
        }
    }

    private final EnrolmentRecords records;
    private final CredentialSeal seal;
    private volatile Consumer<String> integrityFailures = what -> {};

    private EnrolmentRegistry(EnrolmentRecords records, CredentialSeal seal) {
        this.records = records;
        this.seal = seal;
    }

    /**
     * The registry over {@code records}, sealing keys with {@code ca}'s seal key. Closing the registry closes the
     * records.
     *
     * @throws StoreException when the CA's seal key cannot be read
     */
    public static EnrolmentRegistry over(EnrolmentRecords records, CollectorCa ca) throws StoreException {
        byte[] key;
        try {
            key = ca.sealKey();
        } catch (KeystoreException e) {
            throw new StoreException(e.getMessage());
        }
        CredentialSeal seal = new CredentialSeal(key);
        Arrays.fill(key, (byte) 0);
        return new EnrolmentRegistry(records, seal);
    }

    /**
     * Makes a new one-time credential for {@code device}: a random identity and key, kept sealed and unused.
     * Earlier unused credentials of the same device are marked replaced (a re-issued bundle voids the old one).
     *
     * @return the credential, for the bundle; the caller destroys it after writing the bundle
     */
    public PskCredential issueCredential(String device, Instant now, Instant notAfter) throws StoreException {
        Objects.requireNonNull(device, "device");
        if (!notAfter.isAfter(now)) {
            throw new IllegalArgumentException("a bundle must be valid for some time, got not-after " + notAfter);
        }
        byte[] id = new byte[8];
        byte[] secret = new byte[KEY_BYTES];
        NodeId.nonBlockingRandom().nextBytes(id);
        NodeId.nonBlockingRandom().nextBytes(secret);
        String identity = CREDENTIAL_PREFIX + HexFormat.of().formatHex(id);
        try {
            int replaced = records.addCredential(identity, device, seal.seal(identity, secret), now, notAfter);
            if (replaced > 0) {
                Logger.info("Enrolment credential of {} re-issued; {} older unused one(s) voided", device, replaced);
            }
            return new PskCredential(identity, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Marks {@code identity} replaced if it is still unused (its bundle could not be written). */
    public void voidCredential(String identity) throws StoreException {
        records.voidCredential(identity);
    }

    /** The credential row of {@code identity}, whatever its state. */
    public Optional<Credential> credential(String identity) throws StoreException {
        return records.credential(identity);
    }

    /**
     * The key of {@code identity}, whatever its state, for the DTLS handshake: a used, replaced, revoked or expired
     * credential still completes a handshake, so that its node can be told in one sentence why EST refuses it
     * (the session may use EST only, and EST refuses it: SECURITY R3, R4). An identity never issued has no key, and
     * neither has one whose sealed key does not open with this CA's seal key (an integrity failure, R29).
     */
    public Optional<PskCredential> credentialKey(String identity) throws StoreException {
        Optional<byte[]> sealed = records.sealedKey(identity);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = seal.open(identity, sealed.get());
        } catch (GeneralSecurityException e) {
            Logger.error("Enrolment credential {} in {} does not open with this CA's seal key", identity, records);
            integrityFailures.accept(
                    "enrolment credential " + identity + " in " + records + " does not open with this CA's seal key");
            return Optional.empty();
        }
        try {
            return Optional.of(new PskCredential(identity, secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Marks {@code identity} used by {@code nodeId} and records the node with its first certificate, in one
     * transaction. Fails when the credential was used meanwhile (two racing {@code /sen}), so a credential
     * yields at most one certificate.
     *
     * @return false when the credential is no longer unused (nothing changed)
     */
    public boolean completeEnrolment(String identity, NodeId nodeId, X509Certificate certificate, Instant now)
            throws StoreException {
        try {
            return records.completeEnrolment(
                    identity,
                    nodeId,
                    serial(certificate.getSerialNumber()),
                    certificate.getNotAfter().toInstant(),
                    now);
        } catch (StoreException failure) {
            return recordedAnyway(failure, nodeId, certificate);
        }
    }

    /**
     * A commit whose answer was lost (over a network: the connection to PostgreSQL dropped after its COMMIT) may
     * have recorded the certificate all the same; told to retry, the node would then be refused (its bundle used,
     * its old serial superseded) and locked out. So the node's record is read again: when it holds this certificate,
     * it was recorded and the certificate is handed out; otherwise the failure stands and the node retries.
     */
    private boolean recordedAnyway(StoreException failure, NodeId nodeId, X509Certificate certificate)
            throws StoreException {
        Optional<NodeRecord> node;
        try {
            node = records.node(nodeId);
        } catch (StoreException again) {
            failure.addSuppressed(again);
            throw failure;
        }
        String serial = serial(certificate.getSerialNumber());
        if (node.isPresent() && !node.get().isRevoked() && node.get().serial().equals(serial)) {
            Logger.warn(
                    "The certificate {} of {} was recorded although the store said: {}",
                    serial,
                    nodeId,
                    failure.getMessage());
            return true;
        }
        throw failure;
    }

    /**
     * Records a renewed certificate of an enrolled, unrevoked node, which supersedes the certificate with serial
     * {@code supersedes}: from then on only the new serial is accepted (SECURITY R20).
     *
     * @return false when the node is revoked or unknown, or {@code supersedes} is no longer its current serial (a
     *     renewal raced this one): nothing changed
     */
    public boolean recordRenewal(NodeId nodeId, BigInteger supersedes, X509Certificate certificate, Instant now)
            throws StoreException {
        try {
            return records.recordRenewal(
                    nodeId,
                    serial(supersedes),
                    serial(certificate.getSerialNumber()),
                    certificate.getNotAfter().toInstant(),
                    now);
        } catch (StoreException failure) {
            return recordedAnyway(failure, nodeId, certificate);
        }
    }

    /** The node's row, if it ever enrolled. */
    public Optional<NodeRecord> node(NodeId nodeId) throws StoreException {
        return records.node(nodeId);
    }

    /** Every enrolled node, by node id. */
    public List<NodeRecord> nodes() throws StoreException {
        return records.nodes();
    }

    /** Every credential row (never a key), oldest first: what {@code collector devices} shows of unused bundles. */
    public List<Credential> credentials() throws StoreException {
        return records.credentials();
    }

    /** {@code listener} is told, in one line, of every record that fails its integrity check (SECURITY R29). */
    public void onIntegrityFailure(Consumer<String> listener) {
        this.integrityFailures = Objects.requireNonNull(listener, "listener");
    }

    /**
     * True when {@code nodeId} enrolled here, is not revoked, and {@code serial} is its newest certificate: the test
     * for every certificate handshake, every report and every {@code /sren} (SECURITY R17, R20). A node id this
     * registry never enrolled is refused too, and so is a certificate a renewal superseded.
     */
    public boolean mayConnect(NodeId nodeId, BigInteger serial) throws StoreException {
        return node(nodeId)
                .map(n -> !n.isRevoked() && n.serial().equals(serial(serial)))
                .orElse(false);
    }

    /** True when an unused bundle was issued for {@code name} (a device name, or a node id it is bound to). */
    public boolean hasUnusedBundle(String name) throws StoreException {
        return records.hasUnusedBundle(name);
    }

    /**
     * Revokes {@code device} — a node id, or a device label of the bundles: its nodes can no longer report or
     * re-enrol and its unused credentials can no longer enrol.
     *
     * @return how many nodes and credentials were revoked; 0 when nothing matched or all were revoked already
     */
    public int revoke(String device, Instant now) throws StoreException {
        return records.revoke(device, now);
    }

    /** True when some node or credential was ever issued under {@code device} (a node id or label). */
    public boolean knows(String device) throws StoreException {
        return records.knows(device);
    }

    /** How the records keep a certificate serial number: lower-case hex. */
    private static String serial(BigInteger serial) {
        return serial.toString(16);
    }

    @Override
    public void close() {
        records.close();
    }

    @Override
    public String toString() {
        return "EnrolmentRegistry[" + records + "]";
    }
}
