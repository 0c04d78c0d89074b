// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.fieldnode.collector.CertificateAuthentication;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.PskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRecords;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.collector.ca.IdentityNamespace;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.sqlite.SqliteEnrolmentRecords;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.trust.NodeCertificateCheck;
import org.tinylog.Logger;

/**
 * Everything the collector adds for enrolled nodes, in one piece for {@link CollectorServer.Builder}: the CA and
 * its registry ({@code DIR/ca/}, {@code DIR/enrolment.db}), the EST resources, the one-time enrolment credentials
 * as bootstrap PSKs (EST only, never readings: SECURITY R3), and certificate authentication of nodes with the
 * server identity for the configured names (R15–R17).
 *
 * <pre>{@code
 * try (EnrolmentServer enrolment = EnrolmentServer.open(dataDir, List.of("collector.example"), clock)) {
 *     CollectorServer server = enrolment.configure(CollectorServer.builder().bind(addr).pskDirectory(dev)).build();
 * }
 * }</pre>
 */
public final class EnrolmentServer implements CertificateAuthentication, AutoCloseable {
    private final CollectorCa ca;
    private final EnrolmentRegistry registry;
    private final EstService service;
    private final CollectorCa.ServerIdentity identity;
    private final NodeCertificateVerifier verifier;
    private final InstantSource clock;
    private final CollectorEvents events;
    private final IdentityNamespace namespace;
    private volatile PskDirectory pskNodes = name -> Optional.empty();

    private EnrolmentServer(
            CollectorCa ca,
            EnrolmentRegistry registry,
            CollectorCa.ServerIdentity identity,
            InstantSource clock,
            CollectorEvents events,
            int signingSlots) {
        this.ca = ca;
        this.registry = registry;
        this.identity = identity;
        this.clock = clock;
        this.events = events;
        this.namespace = new IdentityNamespace(registry, name -> pskNodes.lookup(name));
        this.service = new EstService(ca, registry, namespace, events, signingSlots);
        this.verifier = new NodeCertificateVerifier(ca.certificate(), service, clock);
        registry.onIntegrityFailure(what -> events.record(SecurityEventCode.INTEGRITY_FAILURE, null, what));
    }

    /** Default signing concurrency before the CA answers 5.03. */
    public static final int SIGNING_SLOTS = 4;

    /**
     * Opens (creating on first use) the CA and registry of {@code dataDir}, with a server certificate for {@code
     * serverNames} (the host names and addresses in the bundles' collector URI). Security events go to the log and
     * to {@code dataDir}'s event file ({@link CollectorEvents#in}).
     */
    public static EnrolmentServer open(Path dataDir, List<String> serverNames, InstantSource clock)
            throws KeystoreException, StoreException {
        return open(
                CollectorCa.openOrCreate(dataDir, clock.instant()),
                dataDir,
                serverNames,
                clock,
                SIGNING_SLOTS,
                CollectorEvents.in(dataDir));
    }

    /** With a given CA and signing concurrency (tests: lifetimes, a busy CA). */
    public static EnrolmentServer open(
            CollectorCa ca, Path dataDir, List<String> serverNames, InstantSource clock, int signingSlots)
            throws KeystoreException, StoreException {
        return open(ca, dataDir, serverNames, clock, signingSlots, CollectorEvents.in(dataDir));
    }

    /** With a given CA, signing concurrency and event log. */
    public static EnrolmentServer open(
            CollectorCa ca,
            Path dataDir,
            List<String> serverNames,
            InstantSource clock,
            int signingSlots,
            CollectorEvents events)
            throws KeystoreException, StoreException {
        Objects.requireNonNull(clock, "clock");
        CollectorCa.ServerIdentity identity = ca.serverIdentity(serverNames, clock.instant());
        return new EnrolmentServer(
                ca, SqliteEnrolmentRecords.openRegistry(dataDir, ca), identity, clock, events, signingSlots);
    }

    /**
     * With the enrolment registry's rows in {@code records} (a database several collectors share: every member
     * enrols, renews and revokes in the same rows) and {@code ca} (the members' shared CA); the event file and
     * the local copies stay in {@code dataDir}. Closing the server closes {@code records}.
     */
    public static EnrolmentServer open(
            CollectorCa ca, EnrolmentRecords records, Path dataDir, List<String> serverNames, InstantSource clock)
            throws KeystoreException, StoreException {
        Objects.requireNonNull(clock, "clock");
        CollectorCa.ServerIdentity identity = ca.serverIdentity(serverNames, clock.instant());
        return new EnrolmentServer(
                ca, EnrolmentRegistry.over(records, ca), identity, clock, CollectorEvents.in(dataDir), SIGNING_SLOTS);
    }

    /**
     * Adds the bootstrap credentials, certificate authentication, the EST resources and this server's security
     * events to {@code builder}.
     */
    public CollectorServer.Builder configure(CollectorServer.Builder builder) {
        return builder.bootstrapCredentials(bootstrapCredentials())
                .certificates(this)
                .events(events)
                .wellKnown(EstResources.tree(service, clock));
    }

    /** Learns the PSK nodes (the one identity namespace, R8) and how to end superseded sessions (R20). */
    @Override
    public void attach(PskDirectory nodes, SupersededSessions sessions) {
        this.pskNodes = Objects.requireNonNull(nodes, "nodes");
        service.onSuperseded(sessions);
    }

    /** The one identity namespace of this collector (R8): its registry and the PSK nodes it was attached to. */
    public IdentityNamespace namespace() {
        return namespace;
    }

    /** Issues bundles into this server's registry, checked against its namespace (R8). */
    public ProvisioningBundles bundles() {
        return new ProvisioningBundles(registry, ca, namespace, events);
    }

    /** Where this server records security events. */
    public CollectorEvents events() {
        return events;
    }

    /**
     * Enrolment credentials by PSK identity, whatever their state: they can complete a handshake, then use EST only,
     * and EST tells a used, revoked or expired one why it is refused (R3, R4).
     */
    public PskDirectory bootstrapCredentials() {
        return identity -> {
            if (!identity.startsWith(EnrolmentRegistry.CREDENTIAL_PREFIX)) {
                return Optional.empty();
            }
            try {
                return registry.credentialKey(identity);
            } catch (StoreException e) {
                Logger.error("Enrolment credential {} unreadable: {}", identity, e.getMessage());
                return Optional.<PskCredential>empty();
            }
        };
    }

    public CollectorCa ca() {
        return ca;
    }

    public EnrolmentRegistry registry() {
        return registry;
    }

    @Override
    public PrivateKey serverKey() {
        return identity.key();
    }

    @Override
    public List<X509Certificate> serverChain() {
        return identity.chain();
    }

    @Override
    public NewAdvancedCertificateVerifier clientVerifier() {
        return verifier;
    }

    /**
     * The node id of the certificate, while that node may report (not revoked) and this is its current certificate
     * (not superseded by a renewal, R20): checked on every request.
     */
    @Override
    public Optional<String> device(X509Certificate client) {
        Optional<NodeId> node = NodeCertificateCheck.nodeId(client);
        return node.filter(id -> service.mayConnect(id, client.getSerialNumber()))
                .map(NodeId::value);
    }

    @Override
    public void close() {
        registry.close();
    }

    @Override
    public String toString() {
        return "EnrolmentServer[" + ca + "]";
    }
}
