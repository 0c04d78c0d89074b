// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.tinylog.Logger;

/**
 * The pilot collector's CoAPS endpoint for readings: a Californium {@link CoapServer} on one Scandium DTLS server
 * connector with pre-shared keys from a {@link PskDirectory} (see {@link ServerConfiguration} for the DTLS
 * profile), serving the resource {@code /r} where nodes POST SenML batches (see {@link ReadingsResource}).
 *
 * <pre>{@code
 * try (CollectorServer collector = CollectorServer.builder()
 *         .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
 *         .pskDirectory(directory)
 *         .listener(reading -> ...)
 *         .build()) {
 *     collector.start();
 *     URI readings = URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r");
 * }
 * }</pre>
 *
 * Start once; {@link #close()} is idempotent and stops every thread the server started.
 */
public final class CollectorServer implements AutoCloseable {
    private final InetSocketAddress requested;
    private final ReadingStore store;
    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final DTLSConnector connector;
    private final CredentialSessions sessions;
    private final CollectorEvents events;
    private final Optional<DtlsSessionState> sessionState;
    private final HandshakeCounter handshakes;
    private final GroupCommit commits;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private CollectorServer(Builder builder) {
        this.requested = builder.bind;
        this.store = builder.store != null ? builder.store : new MemoryReadingStore();
        Configuration config = ServerConfiguration.coap();
        PskDirectory nodes = builder.pskDirectory;
        PskDirectory bootstrap = builder.bootstrapCredentials;
        this.events = builder.events;
        this.handshakes = new HandshakeCounter(events);
        DirectoryPskStore pskStore =
                new DirectoryPskStore(identity -> nodes.lookup(identity).or(() -> bootstrap.lookup(identity)), events);
        CertificateAuthentication certificates = builder.certificates;
        if (certificates != null) {
            ServerConfiguration.acceptCertificates(config);
        }
        this.sessions = new CredentialSessions(builder.sessionsPerCredential, events);
        if (builder.cluster != null) {
            // Scandium's node-id Connection IDs: the first byte names the member that holds the session.
            config.set(DtlsConfig.DTLS_CONNECTION_ID_NODE_ID, builder.cluster.nodeId());
        }
        DtlsConnectorConfig dtls = certificates == null
                ? ServerConfiguration.dtls(config, builder.bind, pskStore, handshakes, sessions)
                : ServerConfiguration.dtls(config, builder.bind, pskStore, certificates, handshakes, sessions);
        this.connector = builder.cluster == null
                ? CollectorConnector.create(dtls, sessions)
                : ClusterConnector.create(dtls, sessions, builder.cluster, events);
        if (certificates != null) {
            Duration grace = builder.supersededGrace != null ? builder.supersededGrace : transmitSpan(config);
            certificates.attach(nodes, (nodeId, current) -> supersede(nodeId, current, grace));
        }
        this.sessionState = Optional.ofNullable(builder.sessionStateDir)
                .map(dir -> builder.cluster == null
                        ? new DtlsSessionState(dir)
                        : DtlsSessionState.ofClusterMember(dir, builder.cluster.nodeId()));
        sessionState.ifPresent(state -> state.loadInto(connector));
        this.endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .setLoggingTag("collector")
                .build();
        this.server = new CoapServer(config);
        server.addEndpoint(endpoint);
        this.commits = new GroupCommit(store, builder.commitQueue);
        server.add(new ReadingsResource(
                new BatchIngest(store, builder.listener, events),
                commits,
                peer -> deviceOf(peer, nodes, certificates),
                Optional.ofNullable(builder.desiredConfigs),
                Optional.ofNullable(builder.deviceUpdates),
                events));
        if (builder.releases != null) {
            server.add(new ReleasesResource(builder.releases, peer -> deviceOf(peer, nodes, certificates), events));
        }
        builder.wellKnown.forEach(server.getRoot().getChild(".well-known")::add);
    }

    /**
     * Registered PSK nodes report as their identity, certificate nodes as their node id; nobody else reports. A
     * certificate whose node id is also a PSK node's identity reports nothing: the names are one namespace, and
     * the PSK node holds it (SECURITY R8; enrolment and {@code psk-directory} loading refuse such a pair).
     */
    private static Optional<String> deviceOf(
            Principal peer, PskDirectory nodes, CertificateAuthentication certificates) {
        if (peer instanceof PreSharedKeyIdentity psk) {
            return nodes.lookup(psk.getIdentity()).map(credential -> psk.getIdentity());
        }
        if (peer instanceof X509CertPath path && certificates != null) {
            return certificates
                    .device(path.getTarget())
                    .filter(device -> nodes.lookup(device).isEmpty());
        }
        return Optional.empty();
    }

    /**
     * RFC 7252 §4.8.2 MAX_TRANSMIT_SPAN of {@code config}: after it a client no longer retransmits a confirmable
     * request, so the answer to its {@code /sren} can no longer be asked for again on the old session.
     */
    private static Duration transmitSpan(Configuration config) {
        long ackTimeout = config.get(CoapConfig.ACK_TIMEOUT, TimeUnit.MILLISECONDS);
        double factor = config.get(CoapConfig.ACK_INIT_RANDOM);
        int retransmit = config.get(CoapConfig.MAX_RETRANSMIT);
        return Duration.ofMillis((long) (ackTimeout * ((1L << retransmit) - 1) * factor));
    }

    /** Ends the superseded certificate's sessions on first use of the new one, at the latest after {@code grace}. */
    private void supersede(String nodeId, BigInteger current, Duration grace) {
        sessions.supersedeOnFirstUse(nodeId, current);
        CompletableFuture.runAsync(
                () -> {
                    if (!closed.get()) {
                        int ended = sessions.endSuperseded(nodeId, current);
                        if (ended > 0) {
                            Logger.info(
                                    "{} renewed its certificate; {} session(s) of the old one ended", nodeId, ended);
                        }
                    }
                },
                CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh copy of the Californium/Scandium settings every collector serves with (PSK nodes; certificate clients
     * add a cipher suite): threads, table sizes, deduplication, cipher suite, Connection IDs. For tools that must
     * match the collector exactly, e.g. the bare server {@code fieldnode bench} measures it against.
     */
    public static Configuration californiumConfiguration() {
        return ServerConfiguration.coap();
    }

    /**
     * Binds the socket and starts serving.
     *
     * @throws IllegalStateException when started twice or after {@link #close()}
     * @throws UncheckedIOException when the address cannot be bound
     */
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("collector on " + requested + " was already started or closed");
        }
        commits.start();
        server.start();
        if (!endpoint.isStarted()) {
            close();
            throw new UncheckedIOException(new BindException("cannot bind the collector to " + requested));
        }
        Logger.info(
                "Collector listening on coaps://{}:{}/{}",
                address().getHostString(),
                address().getPort(),
                ReadingsResource.PATH);
    }

    /** The bound address once started (the actual port when port 0 was asked), else the requested one. */
    public InetSocketAddress address() {
        return endpoint.isStarted() ? endpoint.getAddress() : requested;
    }

    /** The store the readings go to (the builder's, or a {@link MemoryReadingStore}). */
    public ReadingStore store() {
        return store;
    }

    /** DTLS handshakes this server completed since it was built: full ones and abbreviated ones (resumptions). */
    public HandshakeCounter.Counts handshakes() {
        return handshakes.counts();
    }

    /**
     * Group commit so far: transactions committed for readings, and batches in them; {@code batches / commits} is the
     * mean group size.
     */
    public CommitCounts commitCounts() {
        return new CommitCounts(commits.commits(), commits.batches());
    }

    /** Transactions the collector committed for readings, and the batches they held. */
    public record CommitCounts(long commits, long batches) {}

    /** The DTLS connection table now: connections in it, and those ended because one credential held too many. */
    public SessionCounts sessions() {
        return new SessionCounts(sessions.connections(ServerConfiguration.MAX_NODES), sessions.evicted());
    }

    /**
     * The established DTLS sessions the credential {@code name} holds now: a PSK identity, or a certificate node's id
     * (all of its certificates together). At most {@link Builder#sessionsPerCredential} (SECURITY R40).
     */
    public int heldSessions(String name) {
        return sessions.held("psk:" + name) + sessions.held("x509:" + name);
    }

    /**
     * @param connections connections in the table (established, or in the middle of a handshake)
     * @param evicted connections ended so far because their credential held more than allowed (SECURITY R40)
     */
    public record SessionCounts(int connections, long evicted) {}

    /**
     * Commits every batch already accepted (new ones are answered 5.03 from then on), then stops serving and every
     * Californium thread of this server; with {@link Builder#sessionState}, saves the DTLS connections first, so that
     * nodes keep their sessions across the restart. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            InetSocketAddress bound = address();
            commits.close();
            if (sessionState.isPresent() && started.get()) {
                server.stop();
                sessionState.get().saveFrom(connector);
            }
            server.destroy();
            Logger.info("Collector on {}:{} stopped", bound.getHostString(), bound.getPort());
        }
    }

    /** Builds a {@link CollectorServer}; {@link #build()} checks that the address and directory are set. */
    public static final class Builder {
        private InetSocketAddress bind;
        private PskDirectory pskDirectory;
        private ReadingListener listener = ReadingListener.none();
        private ReadingStore store;
        private PskDirectory bootstrapCredentials = identity -> Optional.empty();
        private CertificateAuthentication certificates;
        private final List<Resource> wellKnown = new ArrayList<>();
        private DesiredConfigs desiredConfigs;
        private DeviceUpdates deviceUpdates;
        private org.fieldnode.collector.update.ReleaseStore releases;
        private Path sessionStateDir;
        private int commitQueue = GroupCommit.DEFAULT_CAPACITY;
        private int sessionsPerCredential = CredentialSessions.DEFAULT_LIMIT;
        private Duration supersededGrace;
        private CollectorEvents events;
        private ClusterMember cluster;

        private Builder() {}

        /**
         * How many DTLS sessions one credential (a PSK identity, or a certificate node's id) may hold at once
         * (default {@value CredentialSessions#DEFAULT_LIMIT}); a newer session ends the oldest (SECURITY R40).
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder sessionsPerCredential(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("a credential needs at least 1 session, got " + limit);
            }
            this.sessionsPerCredential = limit;
            return this;
        }

        /**
         * How long the sessions of a certificate a renewal superseded may stay open at most, for the node to ask for
         * a lost answer again (they are refused every request meanwhile, and ended as soon as the node connects with
         * its new certificate). Default: the CoAP MAX_TRANSMIT_SPAN (RFC 7252 §4.8.2), 45 s. Tests shorten it.
         */
        public Builder supersededGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must be >= 0, got " + grace);
            }
            this.supersededGrace = grace;
            return this;
        }

        /**
         * Where security events go (SECURITY R29): authentication failures, conflicts, session limits; default the
         * log only. {@code EnrolmentServer.configure} sets its own, which also writes the data directory's file.
         */
        public Builder events(CollectorEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /**
         * How many valid batches may wait for the next group commit (default {@value GroupCommit#DEFAULT_CAPACITY},
         * one per node of a full session table); beyond that a batch is answered 5.03 with Max-Age (RFC 7252
         * §5.9.3.4), and the node sends it again later.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder commitQueue(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("commit queue must hold at least 1 batch, got " + batches);
            }
            this.commitQueue = batches;
            return this;
        }

        /**
         * PSK identities that may complete a DTLS handshake but never report readings: the one-time enrolment
         * credentials, whose sessions may only use the resources added with {@link #wellKnown} (SECURITY R3).
         */
        public Builder bootstrapCredentials(PskDirectory credentials) {
            this.bootstrapCredentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Also accept nodes with X.509 certificates (mutual ECDHE_ECDSA), identified by their certificate. */
        public Builder certificates(CertificateAuthentication certificates) {
            this.certificates = Objects.requireNonNull(certificates, "certificates");
            return this;
        }

        /** Adds a resource under {@code /.well-known/}, e.g. the EST tree {@code est}. */
        public Builder wellKnown(Resource resource) {
            this.wellKnown.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Enables the desired configuration exchange (the nodes' twins) in the acknowledgements of reports;
         * optional, off by default.
         */
        /** Serve published releases at {@code /u} (issue 16). */
        public Builder releases(org.fieldnode.collector.update.ReleaseStore store) {
            this.releases = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Where what nodes report about over-the-air updates is kept (issue 16). */
        public Builder deviceUpdates(DeviceUpdates updates) {
            this.deviceUpdates = Objects.requireNonNull(updates, "updates");
            return this;
        }

        public Builder desiredConfigs(DesiredConfigs configs) {
            this.desiredConfigs = Objects.requireNonNull(configs, "configs");
            return this;
        }

        /**
         * Keeps the DTLS connections in {@code dataDir} across restarts ({@code dtls-state}, encrypted with the key in
         * {@code dtls-state.key}, see {@link DtlsSessionState}): loaded when built, saved by {@link
         * CollectorServer#close()}. Optional; without it every restart costs each node a new handshake.
         */
        public Builder sessionState(Path dataDir) {
            this.sessionStateDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /**
         * Serves as one member of a DTLS Connection-ID cluster ({@link ClusterMember}); optional. The members
         * should share one store (PostgreSQL), so that a node failing over is still stored exactly once.
         */
        public Builder cluster(ClusterMember member) {
            this.cluster = Objects.requireNonNull(member, "member");
            return this;
        }

        /** The UDP address to serve on; port 0 picks a free port (see {@link CollectorServer#address()}). */
        public Builder bind(InetSocketAddress address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The nodes allowed to connect, by PSK identity. */
        public Builder pskDirectory(PskDirectory directory) {
            this.pskDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Told about each stored reading; optional. */
        public Builder listener(ReadingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where readings are kept; optional, a new {@link MemoryReadingStore} by default. The caller keeps
         * ownership: closing the server does not close the store, so close it after the server.
         */
        public Builder store(ReadingStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @throws IllegalStateException when {@link #bind} or {@link #pskDirectory} was not called */
        public CollectorServer build() {
            if (bind == null) {
                throw new IllegalStateException("collector needs bind(address), e.g. 127.0.0.1:5684");
            }
            if (pskDirectory == null) {
                throw new IllegalStateException(
                        "collector needs pskDirectory(directory): without it no node can connect");
            }
            if (events == null) {
                events = CollectorEvents.toLogger();
            }
            return new CollectorServer(this);
        }
    }
}
