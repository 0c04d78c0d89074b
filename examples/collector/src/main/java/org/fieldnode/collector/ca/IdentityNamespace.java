// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.util.Objects;
import java.util.Optional;
import org.fieldnode.collector.PskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.security.event.PeerText;
import org.fieldnode.security.identity.NodeId;

/**
 * One namespace for every name a credential holds on this collector (SECURITY R8): the PSK identities of {@code
 * psk-directory} (the names PSK nodes report under), the node ids of enrolled nodes (the names certificate nodes
 * report under, their certificates' CN), and the device names of provisioning bundles. Readings are filed under
 * the first two, so a name held by one credential must never be handed to another: whoever held a certificate for
 * a PSK node's identity would have its readings stored as that node's.
 *
 * <p>Checked at every step that gives a credential a name: issuing a bundle ({@link #bundleConflict}), enrolment
 * ({@link #enrolmentConflict}: a bundle yields a certificate only for the node id it was issued for, or, issued
 * by device name, for a node id no other credential holds; the first enrolment binds it), renewal ({@link
 * #renewalConflict}) and registering a PSK node ({@link #pskConflict}, when {@code psk-directory} is loaded).
 * Each answer is one sentence saying who holds the name; the sentence for {@code /sen} goes to the node.
 */
public final class IdentityNamespace {
    private static final String NODE_ID_PREFIX = "fieldnode-";

    private final EnrolmentRegistry registry;
    private final PskDirectory pskNodes;

    /** @param pskNodes the nodes of {@code psk-directory} */
    public IdentityNamespace(EnrolmentRegistry registry, PskDirectory pskNodes) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pskNodes = Objects.requireNonNull(pskNodes, "pskNodes");
    }

    /** Why {@code device} may not name a new bundle, or empty. Issuing again for the same device is allowed. */
    public Optional<String> bundleConflict(String device) throws StoreException {
        if (pskNodes.lookup(device).isPresent()) {
            return Optional.of("'" + PeerText.neutralise(device)
                    + "' is the identity of a PSK node in psk-directory; a bundle for it would"
                    + " let another node report under that name");
        }
        NodeId asNode = nodeIdOrNull(device);
        Optional<EnrolmentRegistry.NodeRecord> node = asNode == null ? Optional.empty() : registry.node(asNode);
        if (node.isPresent() && !node.get().device().equals(device)) {
            return Optional.of("'" + device + "' is the node id of the node enrolled as device '"
                    + node.get().device() + "'; to re-provision it, issue the bundle for '"
                    + node.get().device()
                    + "'");
        }
        return Optional.empty();
    }

    /**
     * Why the bundle issued for {@code device} may not yield a certificate for {@code nodeId}, or empty: the one
     * sentence the node is answered (4.03) and logs.
     */
    public Optional<String> enrolmentConflict(String device, NodeId nodeId) throws StoreException {
        // A bundle issued for a node id (fieldnode-...) is bound to it; one issued by device name binds at enrolment.
        boolean bound = device.startsWith(NODE_ID_PREFIX);
        if (bound && !device.equals(nodeId.value())) {
            return Optional.of(
                    "this bundle is for another node id: use it on that node, or ask for a bundle for " + nodeId);
        }
        if (pskNodes.lookup(nodeId.value()).isPresent()) {
            return Optional.of("the node id " + nodeId + " is held by another node on this collector: ask for a"
                    + " bundle issued for this node's name");
        }
        Optional<EnrolmentRegistry.NodeRecord> known = registry.node(nodeId);
        if (known.isPresent() && !known.get().device().equals(device)) {
            return Optional.of("the node id " + nodeId + " is enrolled for another device on this collector");
        }
        if (!bound && registry.hasUnusedBundle(nodeId.value())) {
            return Optional.of("the node id " + nodeId + " is bound to another bundle on this collector");
        }
        return Optional.empty();
    }

    /** Why the enrolled node {@code nodeId} may not renew its certificate, or empty. */
    public Optional<String> renewalConflict(NodeId nodeId) {
        if (pskNodes.lookup(nodeId.value()).isPresent()) {
            return Optional.of("the node id " + nodeId + " is also a PSK node's identity on this collector");
        }
        return Optional.empty();
    }

    /** Why {@code identity} may not be registered as a PSK node, or empty (for {@code psk-directory}). */
    public Optional<String> pskConflict(String identity) throws StoreException {
        if (identity.startsWith(EnrolmentRegistry.CREDENTIAL_PREFIX)) {
            return Optional.of("identity '" + PeerText.neutralise(identity) + "' starts with '"
                    + EnrolmentRegistry.CREDENTIAL_PREFIX + "', which is kept for enrolment bundles");
        }
        if (registry.knows(identity)) {
            return Optional.of("identity '" + PeerText.neutralise(identity)
                    + "' is held by an enrolled node or a provisioning bundle"
                    + " (see: fieldnode collector devices); a PSK node may not report under it");
        }
        return Optional.empty();
    }

    private static NodeId nodeIdOrNull(String name) {
        try {
            return new NodeId(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
