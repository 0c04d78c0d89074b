// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.coap.CoapEstTransport;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.security.bundle.BundleImport;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.ClockTrust;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EnrolmentPolicy;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.TrustAnchors;

/**
 * A real collector with its CA and EST resources on a loopback port, and real nodes that import a bundle the
 * collector issued into a real BCFKS keystore and enrol over Scandium DTLS. Every file lives under one temporary
 * directory; every key is made per run.
 */
final class EnrolmentLoopback implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(8);

    final Path dir;
    final Path data;
    final EnrolmentServer enrolment;
    final URI base;
    private final InMemoryPskDirectory developmentNodes;
    CollectorServer collector;

    EnrolmentLoopback(Path dir) throws Exception {
        this(dir, EnrolmentServer.SIGNING_SLOTS, new InMemoryPskDirectory());
    }

    EnrolmentLoopback(Path dir, int signingSlots, InMemoryPskDirectory developmentNodes) throws Exception {
        this(dir, signingSlots, developmentNodes, UnaryOperator.identity());
    }

    /** @param more further settings of the collector (e.g. a shorter grace for superseded sessions) */
    EnrolmentLoopback(
            Path dir,
            int signingSlots,
            InMemoryPskDirectory developmentNodes,
            UnaryOperator<CollectorServer.Builder> more)
            throws Exception {
        this.dir = dir;
        this.data = dir.resolve("collector");
        this.developmentNodes = developmentNodes;
        Files.createDirectories(data);
        CollectorCa ca = CollectorCa.openOrCreate(data, Instant.now());
        this.enrolment = EnrolmentServer.open(ca, data, List.of("127.0.0.1"), InstantSource.system(), signingSlots);
        this.collector = more.apply(enrolment.configure(CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(developmentNodes)))
                .build();
        collector.start();
        this.base = URI.create("coaps://127.0.0.1:" + collector.address().getPort());
    }

    /**
     * What SIGKILL or a power cut does to the collector, then a restart on the same port: the CA and its registry are
     * kept (files), the DTLS sessions are not (saved on a clean stop only, and this collector saves none).
     */
    void crashAndRestartCollector() {
        int port = collector.address().getPort();
        collector.close();
        collector = enrolment
                .configure(CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                        .pskDirectory(developmentNodes))
                .build();
        collector.start();
    }

    /**
     * Writes a bundle for {@code device} to {@code file}, as {@code collector enrolment issue --allow-loopback} does (the
     * collector is on 127.0.0.1).
     */
    Path issueBundle(String device, Path file) throws IOException {
        enrolment.bundles().issue(ProvisioningBundles.Request.of(device, base).allowingLoopback(), file, Instant.now());
        return file;
    }

    /** A node with its own id, keystore and wrapping key under {@code dir/name}. */
    Node node(String name) throws KeystoreException {
        return new Node(dir.resolve(name), NodeId.random());
    }

    /** The collector's security event file so far ({@code DATA/security-events.log}). */
    String events() throws IOException {
        Path file = data.resolve(org.fieldnode.security.event.SecurityEventFile.FILE_NAME);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public void close() {
        collector.close();
        enrolment.close();
    }

    static Batch batch(long sequence, double value) {
        return new Batch(sequence, List.of(new Reading("env0", Channel.AMBIENT_TEMPERATURE, value, 0, Instant.now())));
    }

    final class Node implements AutoCloseable {
        final Path home;
        final NodeId id;
        final NodeCredentials credentials;
        final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
        BundleSettings settings;
        CoapEstTransport transport;
        Enrolment enrolment;

        Node(Path home, NodeId id) throws KeystoreException {
            this.home = home;
            this.id = id;
            this.credentials = new NodeCredentials(EncryptedKeystore.openOrCreate(
                    home.resolve("keystore.bcfks"), new WrappingKeyFile(home.resolve("wrapping.key"))));
        }

        /** Imports {@code bundle} and sets up the enrolment state machine over a real CoAP/DTLS transport. */
        Node importBundle(Path bundle) throws Exception {
            return importBundle(bundle, InstantSource.system());
        }

        Node importBundle(Path bundle, InstantSource clock) throws Exception {
            settings =
                    BundleImport.importFile(bundle, credentials, Instant.now()).settings();
            transport = new CoapEstTransport(
                    settings.collector(), this::anchors, LinkSettings.defaults(), TIMEOUT, InstantSource.system());
            enrolment = new Enrolment(
                    id,
                    credentials,
                    transport,
                    clock,
                    ClockTrust.notBefore(Instant.EPOCH),
                    events::add,
                    EnrolmentPolicy.defaults(),
                    new Random(7));
            return this;
        }

        Optional<TrustAnchors> anchors() {
            try {
                return credentials.trustAnchors();
            } catch (KeystoreException e) {
                throw new UncheckedIOException(new IOException(e.getMessage()));
            }
        }

        DeviceIdentity identity() {
            return enrolment.usableIdentity().orElseThrow();
        }

        /** A certificate-mode reporter to the readings resource, checking the collector's name {@code server}. */
        CoapReporter reporter(String server, Optional<Path> sessionState) {
            return new CoapReporter(new CoapReporterSettings(
                    base.resolve("/r"),
                    id.value(),
                    new DtlsCredentials.Certificate(identity(), anchors().orElseThrow(), server),
                    SenmlFormat.CBOR,
                    TIMEOUT,
                    LinkSettings.defaults(),
                    sessionState));
        }

        CoapReporter reporter() {
            return reporter("127.0.0.1", Optional.empty());
        }

        @Override
        public void close() {
            if (transport != null) {
                transport.close();
            }
        }
    }
}
