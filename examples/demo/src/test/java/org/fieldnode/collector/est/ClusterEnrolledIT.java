// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.est;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.postgresql.ClusterCa;
import org.fieldnode.collector.postgresql.ClusterKeys;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.postgresql.TestDatabase;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapEstTransport;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;
import org.fieldnode.security.bundle.BundleImport;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.ClockTrust;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EnrolmentPolicy;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.TrustAnchors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 17: the enrolment registry and the CA are the cluster's, not a member's. Two collectors share one real
 * PostgreSQL store (each with a data directory of its own): a node enrols over EST through the first, renews its
 * certificate at two thirds through the second, and reports with the renewed certificate to both; a revocation
 * made through the first is refused by the second.
 */
@ResourceLock("postgresql")
class ClusterEnrolledIT {
    @TempDir
    Path dir;

    private final List<Member> members = new ArrayList<>();

    /** One member: its store connection, the shared CA, the enrolment server and the collector on loopback. */
    private record Member(PostgresReadingStore store, EnrolmentServer enrolment, CollectorServer collector, URI base) {}

    private Member member(PostgresLocation location, String name) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        PostgresReadingStore store = PostgresReadingStore.open(location);
        EnrolmentServer enrolment = EnrolmentServer.open(
                ClusterCa.open(store, data, Instant.now()),
                store.enrolmentRecords(),
                data,
                List.of("127.0.0.1"),
                InstantSource.system());
        CollectorServer collector = enrolment
                .configure(CollectorServer.builder()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .pskDirectory(new InMemoryPskDirectory())
                        .store(store)
                        .desiredConfigs(store.desiredConfigs()))
                .build();
        collector.start();
        Member member = new Member(
                store,
                enrolment,
                collector,
                URI.create("coaps://127.0.0.1:" + collector.address().getPort()));
        members.add(member);
        return member;
    }

    @AfterEach
    void stop() {
        for (Member m : members) {
            m.collector().close();
            m.enrolment().close();
            m.store().close();
        }
    }

    @Test
    void enrolledThroughOneMember_renewsThroughAnother_andReportsToBoth() throws Exception {
        PostgresLocation location = TestDatabase.empty();
        Member first = member(location, "member-0");
        ClusterKeys.copy(dir.resolve("member-0"), Files.createDirectories(dir.resolve("member-1")));
        Member second = member(location, "member-1");
        assertThat(second.enrolment().ca().fingerprint())
                .isEqualTo(first.enrolment().ca().fingerprint());

        Path bundle = dir.resolve("well-7.bundle");
        first.enrolment()
                .bundles()
                .issue(
                        ProvisioningBundles.Request.of("well-7", first.base()).allowingLoopback(),
                        bundle,
                        Instant.now());
        NodeId id = NodeId.random();
        NodeCredentials credentials = new NodeCredentials(EncryptedKeystore.openOrCreate(
                dir.resolve("node/keystore.bcfks"), new WrappingKeyFile(dir.resolve("node/wrapping.key"))));
        BundleSettings settings =
                BundleImport.importFile(bundle, credentials, Instant.now()).settings();
        Instant[] now = {Instant.now()};
        Enrolment enrolment;
        try (CoapEstTransport viaFirst = transport(settings.collector(), credentials)) {
            enrolment = enrolment(id, credentials, viaFirst, () -> now[0]);
            enrolment.step();
        }
        DeviceIdentity enrolled = enrolment.usableIdentity().orElseThrow();
        assertThat(second.enrolment().registry().node(id))
                .as("the second member knows the node")
                .isPresent();

        now[0] = Enrolment.renewalDue(enrolled.certificate()).plusSeconds(60);
        Enrolment renewal;
        try (CoapEstTransport viaSecond = transport(second.base(), credentials)) {
            renewal = enrolment(id, credentials, viaSecond, () -> now[0]);
            renewal.step();
        }
        DeviceIdentity renewed = renewal.usableIdentity().orElseThrow();
        assertThat(renewed.certificate().getSerialNumber())
                .isNotEqualTo(enrolled.certificate().getSerialNumber());
        assertThat(first.enrolment().registry().node(id).orElseThrow().serial())
                .as("the renewal made through the second member, seen by the first")
                .isEqualTo(renewed.certificate().getSerialNumber().toString(16));

        for (Member m : List.of(first, second)) {
            try (CoapReporter reporter = reporter(m.base(), id, renewed, credentials)) {
                assertThat(reporter.report(EnrolmentLoopback.batch(m == first ? 0 : 1, 20)))
                        .isInstanceOf(ReportResult.Acknowledged.class);
            }
        }
        assertThat(first.store().count()).isEqualTo(2);

        first.enrolment().registry().revoke("well-7", Instant.now());
        try (CoapReporter reporter = reporter(second.base(), id, renewed, credentials)) {
            assertThat(reporter.report(EnrolmentLoopback.batch(2, 20)))
                    .as("revoked through the first member, refused by the second")
                    .isNotInstanceOf(ReportResult.Acknowledged.class);
        }
        assertThat(first.store().count()).isEqualTo(2);
    }

    private static CoapEstTransport transport(URI collector, NodeCredentials credentials) {
        return new CoapEstTransport(
                collector,
                () -> anchors(credentials),
                LinkSettings.defaults(),
                EnrolmentLoopback.TIMEOUT,
                InstantSource.system());
    }

    private static Enrolment enrolment(
            NodeId id, NodeCredentials credentials, CoapEstTransport transport, InstantSource clock)
            throws KeystoreException {
        return new Enrolment(
                id,
                credentials,
                transport,
                clock,
                ClockTrust.notBefore(Instant.EPOCH),
                event -> {},
                EnrolmentPolicy.defaults(),
                new Random(7));
    }

    private static Optional<TrustAnchors> anchors(NodeCredentials credentials) {
        try {
            return credentials.trustAnchors();
        } catch (KeystoreException e) {
            throw new UncheckedIOException(new IOException(e.getMessage()));
        }
    }

    private static CoapReporter reporter(URI base, NodeId id, DeviceIdentity identity, NodeCredentials credentials) {
        return new CoapReporter(new CoapReporterSettings(
                base.resolve("/r"),
                id.value(),
                new DtlsCredentials.Certificate(identity, anchors(credentials).orElseThrow(), "127.0.0.1"),
                SenmlFormat.CBOR,
                EnrolmentLoopback.TIMEOUT,
                LinkSettings.defaults(),
                Optional.empty()));
    }
}
