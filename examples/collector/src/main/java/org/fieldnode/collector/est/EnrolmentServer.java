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
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.PskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.EnrolmentRegistry;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.KeystoreException;
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

    private EnrolmentServer(
            CollectorCa ca,
            EnrolmentRegistry registry,
            EstService service,
            CollectorCa.ServerIdentity identity,
            InstantSource clock) {
        this.ca = ca;
        this.registry = registry;
        this.service = service;
        this.identity = identity;
        this.clock = clock;
        this.verifier = new NodeCertificateVerifier(ca.certificate(), service, clock);
    }

    /** Default signing concurrency before the CA answers 5.03. */
    public static final int SIGNING_SLOTS = 4;

    /**
     * Opens (creating on first use) the CA and registry of {@code dataDir}, with a server certificate for {@code
     * serverNames} (the host names and addresses in the bundles' collector URI).
     */
    public static EnrolmentServer open(Path dataDir, List<String> serverNames, InstantSource clock)
            throws KeystoreException, StoreException {
        return open(CollectorCa.openOrCreate(dataDir, clock.instant()), dataDir, serverNames, clock, SIGNING_SLOTS);
    }

    /** With a given CA and signing concurrency (tests: lifetimes, a busy CA). */
    public static EnrolmentServer open(
            CollectorCa ca, Path dataDir, List<String> serverNames, InstantSource clock, int signingSlots)
            throws KeystoreException, StoreException {
        Objects.requireNonNull(clock, "clock");
        CollectorCa.ServerIdentity identity = ca.serverIdentity(serverNames, clock.instant());
        EnrolmentRegistry registry = EnrolmentRegistry.open(dataDir, ca);
        return new EnrolmentServer(ca, registry, new EstService(ca, registry, signingSlots), identity, clock);
    }

    /** Adds the bootstrap credentials, certificate authentication and the EST resources to {@code builder}. */
    public CollectorServer.Builder configure(CollectorServer.Builder builder) {
        return builder.bootstrapCredentials(bootstrapCredentials())
                .certificates(this)
                .wellKnown(EstResources.tree(service, clock));
    }

    /** Unused enrolment credentials by PSK identity: they can complete a handshake, then use EST only. */
    public PskDirectory bootstrapCredentials() {
        return identity -> {
            if (!identity.startsWith("enrol-")) {
                return Optional.empty();
            }
            try {
                return registry.unusedCredential(identity);
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

    /** The node id of the certificate, while that node may report (not revoked): checked on every request. */
    @Override
    public Optional<String> device(X509Certificate client) {
        Optional<NodeId> node = NodeCertificateVerifier.nodeId(client);
        return node.filter(service::mayConnect).map(NodeId::value);
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
