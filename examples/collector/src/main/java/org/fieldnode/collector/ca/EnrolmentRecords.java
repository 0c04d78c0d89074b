// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.EnrolmentRegistry.Credential;
import org.fieldnode.collector.ca.EnrolmentRegistry.NodeRecord;
import org.fieldnode.security.identity.NodeId;

/**
 * Where the {@link EnrolmentRegistry} keeps its rows: one-time enrolment credentials (their keys only sealed),
 * enrolled nodes with their current certificate serial, and revocations. Only storage: random keys, sealing and the
 * rules of who may connect are the registry's. {@code sqlite.SqliteEnrolmentRecords} keeps them in {@code
 * enrolment.db}; a database several collectors share implements this interface in a package of its own.
 *
 * <p>Each method is one atomic change or one consistent read; implementations are thread-safe, and other processes
 * (the {@code collector enrolment} commands beside a running {@code serve}) may change the rows at any time.
 */
public interface EnrolmentRecords extends AutoCloseable {
    /**
     * Adds an unused credential for {@code device} and, in the same transaction, marks the device's earlier unused
     * credentials replaced (a re-issued bundle voids the old one).
     *
     * @param sealedKey the key as {@link CredentialSeal#seal} returned it
     * @return how many earlier credentials were replaced
     */
    int addCredential(String identity, String device, byte[] sealedKey, Instant issued, Instant notAfter)
            throws StoreException;

    /** Marks {@code identity} replaced if it is still unused. */
    void voidCredential(String identity) throws StoreException;

    /** The credential row of {@code identity}, whatever its state. */
    Optional<Credential> credential(String identity) throws StoreException;

    /** The sealed key of {@code identity}, whatever its state; empty for an identity never issued. */
    Optional<byte[]> sealedKey(String identity) throws StoreException;

    /**
     * Marks {@code identity} used by {@code nodeId} and records the node with its first certificate, in one
     * transaction: both or neither. Nothing changes when the credential is no longer unused or the node is revoked.
     *
     * @param serial the certificate's serial number in lower-case hex
     * @return false when nothing changed
     */
    boolean completeEnrolment(String identity, NodeId nodeId, String serial, Instant notAfter, Instant now)
            throws StoreException;

    /**
     * Makes {@code serial} the current certificate of an enrolled, unrevoked node whose current one is {@code
     * supersedes} (serials in lower-case hex).
     *
     * @return false when the node is revoked or unknown, or {@code supersedes} is no longer current
     */
    boolean recordRenewal(NodeId nodeId, String supersedes, String serial, Instant notAfter, Instant now)
            throws StoreException;

    /** The node's row, if it ever enrolled. */
    Optional<NodeRecord> node(NodeId nodeId) throws StoreException;

    /** Every enrolled node, by node id. */
    List<NodeRecord> nodes() throws StoreException;

    /** Every credential row, oldest first. */
    List<Credential> credentials() throws StoreException;

    /** True when an unused credential was issued for {@code name}. */
    boolean hasUnusedBundle(String name) throws StoreException;

    /**
     * Revokes, in one transaction, every unrevoked node whose node id or device is {@code device} and every unused
     * credential whose device or node id is {@code device}.
     *
     * @return how many nodes and credentials were revoked
     */
    int revoke(String device, Instant now) throws StoreException;

    /** True when some node or credential was ever issued under {@code device} (a node id or label). */
    boolean knows(String device) throws StoreException;

    /** Releases the records; idempotent, never throws. */
    @Override
    void close();
}
