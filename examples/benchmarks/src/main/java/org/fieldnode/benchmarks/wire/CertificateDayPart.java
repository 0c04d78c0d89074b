// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.HandshakeCounter;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.ca.CollectorCa;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.demo.soak.LossyUdpProxy;
import org.fieldnode.protocol.Readings;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapEstTransport;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.EnrolledReporter;
import org.fieldnode.runtime.sampling.Jitter;
import org.fieldnode.security.bundle.BundleImport;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.enrol.ClockTrust;
import org.fieldnode.security.enrol.Enrolment;
import org.fieldnode.security.enrol.EnrolmentPolicy;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.KeystoreException;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.fieldnode.security.trust.TrustAnchors;

/**
 * The enrolled node's day on the wire (issue 17, item 5; BENCHMARKS.md: ≤ 12,000 B/day): the weather station of
 * {@link WireAndCardPart}, but authenticated the default way, with the X.509 certificate its collector's CA issued.
 *
 * <p>Everything that crosses the wire is real: a {@link CollectorServer} with its CA and EST resources
 * ({@link EnrolmentServer}) and a real SQLite file; a node that imports a provisioning bundle into a real BCFKS
 * keystore and enrols over EST (CoAP over PSK DTLS, RFC 9148), then reports with the node's own reporter
 * ({@link EnrolledReporter}: {@code TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8}, ECDSA P-256, mutual X.509, its session kept
 * in the node's {@code dtls-session} file across restarts) over Scandium DTLS on loopback, through a
 * {@link LossyUdpProxy} that counts UDP payload bytes both ways. Only the delivery loop's timing is emulated, as in
 * {@link WireAndCardPart}: one delivery an hour at a virtual instant.
 *
 * <p>Two virtual days run back to back:
 *
 * <ol>
 *   <li>the day the session starts: the first report makes the full certificate handshake; its bytes less its
 *       POST's SenML payload and less what a POST and its ACK add to their payload on the open session (measured on
 *       the next report) are {@code x509_handshake} (the station's payload differs by a few bytes from hour to hour
 *       and between runs, so it is taken out rather than assumed equal);
 *   <li>a day of the session kept ({@code wire_x509}, the day figure): at 08:00 the node restarts (the reporter is
 *       closed, which saves the session, and opened again, which continues it from a new UDP port under its
 *       Connection ID, RFC 9146: no handshake), and at 16:00 the link is out for one report (100 % loss: the node
 *       cannot tell whether the collector lost its session), so the report of 17:00 offers the session for
 *       resumption (RFC 5246 §7.3, the node's {@code SessionRecovery}) and the collector, which still holds it,
 *       resumes it in one round trip.
 * </ol>
 *
 * Datagrams dropped during the outage are not counted (they never crossed the link); the note says how many.
 */
public final class CertificateDayPart implements BenchPart {
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(10);
    private static final int RESTART_HOUR = 8;
    private static final int OUTAGE_HOUR = 16;
    private static final String SERVER_NAME = "127.0.0.1";

    private Days last;

    /**
     * What the two virtual days did.
     *
     * @param enrolmentBytes bytes of the EST enrolment (PSK handshake, CA certificates, simple enrol), before day 1
     * @param firstDayBytes day 1: the full certificate handshake and 24 hourly reports
     * @param keptDayBytes day 2: 24 hourly deliveries with the session kept, one restart, one outage and resumption
     * @param handshakeBytes the full handshake: the first exchange less its SenML payload and less what a POST and
     *     its ACK add to their payload on the open session (measured on the second exchange)
     * @param exchangeBytes an hourly POST and its ACK on the open session (the second exchange of day 1)
     * @param exchangePayloadBytes the SenML payload of that POST
     * @param resumedExchangeBytes the exchange after the outage: abbreviated handshake, a 2-hour POST and its ACK
     * @param resumptionBytes the abbreviated handshake alone, reckoned as {@code handshakeBytes} is
     * @param restartExchangeBytes the first exchange after the restart (the session continued from the file)
     * @param keptDayPosts POSTs acknowledged on day 2
     * @param keptDayHandshakes the handshakes the collector completed on day 2: full ones and abbreviated ones
     * @param dropped datagrams lost in the outage
     * @param sampled readings sampled over both days
     * @param stored readings the collector holds at the end
     * @param nodeChainBytes DER bytes of the node's certificate chain (what its Certificate message carries)
     * @param serverChainBytes DER bytes of the collector's certificate chain
     */
    public record Days(
            long enrolmentBytes,
            long firstDayBytes,
            long keptDayBytes,
            long handshakeBytes,
            long exchangeBytes,
            long exchangePayloadBytes,
            long resumedExchangeBytes,
            long resumptionBytes,
            long restartExchangeBytes,
            long keptDayPosts,
            HandshakeCounter.Counts keptDayHandshakes,
            long dropped,
            long sampled,
            long stored,
            int nodeChainBytes,
            int serverChainBytes) {}

    @Override
    public String id() {
        return "x509";
    }

    @Override
    public String name() {
        return "the enrolled node's day on the wire (X.509)";
    }

    @Override
    public List<Figure> measure(BenchContext context) throws Exception {
        context.step("x509: EST enrolment, then two virtual days with certificate handshakes");
        Days days = run(context.workDir().resolve("wire-x509"));
        last = days;
        return List.of(
                Figure.alone(
                                "wire_x509",
                                "wire, weather station, X.509 certificate, session kept",
                                "B/day",
                                days.keptDayBytes(),
                                Target.atMost(12_000))
                        .withNote(("%d POSTs, %d full and %d abbreviated handshakes; a restart (session continued"
                                        + " from the saved state: first exchange %d B) and an outage (%d datagrams"
                                        + " lost; the next exchange resumed the session: %d B with a 2-hour POST,"
                                        + " the abbreviated handshake %d B); the day of a full handshake: %d B")
                                .formatted(
                                        days.keptDayPosts(),
                                        days.keptDayHandshakes().full(),
                                        days.keptDayHandshakes().abbreviated(),
                                        days.restartExchangeBytes(),
                                        days.dropped(),
                                        days.resumedExchangeBytes(),
                                        days.resumptionBytes(),
                                        days.firstDayBytes())),
                Figure.alone(
                                "x509_handshake",
                                "one full certificate handshake (ECDHE-ECDSA P-256, mutual X.509)",
                                "B",
                                days.handshakeBytes(),
                                Target.none())
                        .withNote(
                                ("first exchange less its POST and ACK (an hourly one: %d B, %d B of it SenML); chains: node %d B, collector %d B"
                                                + " DER; EST enrolment once per certificate: %d B")
                                        .formatted(
                                                days.exchangeBytes(),
                                                days.exchangePayloadBytes(),
                                                days.nodeChainBytes(),
                                                days.serverChainBytes(),
                                                days.enrolmentBytes())));
    }

    /** The days of the last {@link #measure}, or empty before one. */
    public Optional<Days> days() {
        return Optional.ofNullable(last);
    }

    /**
     * Enrols a node and runs the two days.
     *
     * @throws IllegalStateException when enrolment fails, a report is not acknowledged outside the outage, or the
     *     collector did not store every reading sampled
     */
    static Days run(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path data = dir.resolve("collector");
        Files.createDirectories(data);
        CollectorCa ca = CollectorCa.openOrCreate(data, Instant.now());
        try (EnrolmentServer enrolment = EnrolmentServer.open(
                        ca, data, List.of(SERVER_NAME), InstantSource.system(), EnrolmentServer.SIGNING_SLOTS);
                SqliteReadingStore store = SqliteReadingStore.open(data.resolve(SqliteReadingStore.FILE_NAME));
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(new InMemoryPskDirectory())
                                .store(store))
                        .build()) {
            collector.start();
            try (LossyUdpProxy link = new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 1)) {
                URI base = URI.create(
                        "coaps://" + SERVER_NAME + ":" + link.address().getPort());
                Path bundle = dir.resolve("node.bundle");
                enrolment
                        .bundles()
                        .issue(
                                ProvisioningBundles.Request.of("bench-x509", base)
                                        .allowingLoopback(),
                                bundle,
                                Instant.now());
                try (EnrolledStation node = new EnrolledStation(dir.resolve("node"), bundle)) {
                    long enrolmentBytes = node.enrol(link);
                    return node.twoDays(link, collector, store, enrolmentBytes, der(enrolment.serverChain()));
                }
            }
        }
    }

    /** The node: its keystore and enrolment, the weather station sampling, and its reporter. */
    private static final class EnrolledStation implements AutoCloseable {
        private final Path home;
        private final NodeId id = NodeId.random();
        private final NodeCredentials credentials;
        private final CoapEstTransport transport;
        private final Enrolment enrolment;
        private final VirtualWeatherStation station;
        private final URI readings;

        EnrolledStation(Path home, Path bundle) throws Exception {
            this.home = home;
            this.credentials = new NodeCredentials(EncryptedKeystore.openOrCreate(
                    home.resolve("keystore.bcfks"), new WrappingKeyFile(home.resolve("wrapping.key"))));
            BundleSettings settings =
                    BundleImport.importFile(bundle, credentials, Instant.now()).settings();
            this.transport = new CoapEstTransport(
                    settings.collector(),
                    this::anchors,
                    LinkSettings.defaults(),
                    EXCHANGE_TIMEOUT,
                    InstantSource.system());
            this.enrolment = new Enrolment(
                    id,
                    credentials,
                    transport,
                    InstantSource.system(),
                    ClockTrust.notBefore(Instant.EPOCH),
                    event -> {},
                    EnrolmentPolicy.defaults(),
                    new Random(7));
            this.station = new VirtualWeatherStation(home, WireAndCardPart.DAY_START, Jitter.DEFAULT);
            // where EnrolledNode sends readings when the profile names no other resource
            this.readings = URI.create(settings.collector() + "/" + Readings.PATH);
        }

        Optional<TrustAnchors> anchors() {
            try {
                return credentials.trustAnchors();
            } catch (KeystoreException e) {
                throw new UncheckedIOException(new IOException(e.getMessage()));
            }
        }

        /** Enrols over EST; returns the bytes it took. */
        long enrol(LossyUdpProxy link) {
            long before = total(link);
            enrolment.step();
            if (enrolment.usableIdentity().isEmpty()) {
                throw new IllegalStateException("the node did not enrol at the collector");
            }
            transport.close();
            return total(link) - before;
        }

        /** Day 1 (the full handshake) and day 2 (the session kept through a restart and an outage). */
        Days twoDays(
                LossyUdpProxy link,
                CollectorServer collector,
                SqliteReadingStore store,
                long enrolmentBytes,
                int serverChainBytes)
                throws Exception {
            int nodeChainBytes = der(enrolment.usableIdentity().orElseThrow().chain());
            long appendedBefore = station.queue().stats().readingsAppended();
            EnrolledReporter reporter = reporter();
            try {
                long firstDayStart = total(link);
                station.advance(Duration.ofHours(1).minusSeconds(1)); // deliver just before each hour's last slot
                Round first = deliver(reporter, link);
                station.advance(Duration.ofHours(1));
                Round second = deliver(reporter, link);
                // what a POST and its ACK add to their SenML payload on the open session: DTLS records, CoAP header
                long exchangeOverhead = second.firstExchange() - second.firstPayload();
                for (int hour = 2; hour < 24; hour++) {
                    station.advance(Duration.ofHours(1));
                    deliver(reporter, link);
                }
                long firstDay = total(link) - firstDayStart;

                long keptDayStart = total(link);
                HandshakeCounter.Counts handshakesBefore = collector.handshakes();
                long posts = 0;
                long restartExchange = 0;
                long resumedExchange = 0;
                long resumption = 0;
                long droppedBefore = link.dropped();
                boolean resumeNext = false;
                for (int hour = 0; hour < 24; hour++) {
                    station.advance(Duration.ofHours(1));
                    if (hour == RESTART_HOUR) {
                        reporter.close(); // saves the session (the node's clean stop)
                        reporter = reporter(); // and continues it
                    }
                    if (hour == OUTAGE_HOUR) {
                        link.setFaults(new LossyUdpProxy.Faults(100, 0, 0));
                        Batch head = station.queue()
                                .peek(CoapReporter.MAX_PAYLOAD_BYTES)
                                .orElseThrow();
                        ReportResult lost = reporter.report(
                                new Batch(head.sequence(), head.readings().subList(0, reporter.fittingReadings(head))));
                        if (!(lost instanceof ReportResult.Unreachable)) {
                            throw new IllegalStateException("a report went through a link that was out: " + lost);
                        }
                        link.setFaults(LossyUdpProxy.Faults.none());
                        resumeNext = true;
                        continue;
                    }
                    Round round = deliver(reporter, link);
                    posts += round.posts();
                    if (hour == RESTART_HOUR) {
                        restartExchange = round.firstExchange();
                    }
                    if (resumeNext) {
                        resumedExchange = round.firstExchange();
                        resumption = resumedExchange - round.firstPayload() - exchangeOverhead;
                        resumeNext = false;
                    }
                }
                long keptDay = total(link) - keptDayStart;
                HandshakeCounter.Counts handshakesAfter = collector.handshakes();
                long sampled = station.queue().stats().readingsAppended() - appendedBefore;
                long stored = store.count();
                if (stored != sampled) {
                    throw new IllegalStateException(
                            "the collector stored " + stored + " readings of " + sampled + " sampled");
                }
                return new Days(
                        enrolmentBytes,
                        firstDay,
                        keptDay,
                        first.firstExchange() - first.firstPayload() - exchangeOverhead,
                        second.firstExchange(),
                        second.firstPayload(),
                        resumedExchange,
                        resumption,
                        restartExchange,
                        posts,
                        new HandshakeCounter.Counts(
                                handshakesAfter.full() - handshakesBefore.full(),
                                handshakesAfter.abbreviated() - handshakesBefore.abbreviated(),
                                handshakesAfter.failed() - handshakesBefore.failed()),
                        link.dropped() - droppedBefore,
                        sampled,
                        stored,
                        nodeChainBytes,
                        serverChainBytes);
            } finally {
                reporter.close();
            }
        }

        /** One delivery: everything queued, as the delivery loop sends it (peek, fit, report, acknowledge). */
        private Round deliver(EnrolledReporter reporter, LossyUdpProxy link) throws InterruptedException {
            long firstExchange = 0;
            long firstPayload = 0;
            long posts = 0;
            while (station.queue().size() > 0) {
                Batch head =
                        station.queue().peek(CoapReporter.MAX_PAYLOAD_BYTES).orElseThrow();
                Batch batch = new Batch(head.sequence(), head.readings().subList(0, reporter.fittingReadings(head)));
                long before = total(link);
                ReportResult result = reporter.report(batch);
                if (!(result instanceof ReportResult.Acknowledged)) {
                    throw new IllegalStateException("batch " + batch.sequence() + " not acknowledged: " + result);
                }
                station.queue().acknowledge(batch);
                if (posts++ == 0) {
                    firstExchange = total(link) - before;
                    firstPayload = WireAndCardPart.senml(batch).length;
                }
            }
            return new Round(posts, firstExchange, firstPayload);
        }

        /** A delivery: its POSTs, the bytes of its first exchange both ways, and that POST's SenML payload. */
        private record Round(long posts, long firstExchange, long firstPayload) {}

        private EnrolledReporter reporter() {
            return new EnrolledReporter(
                    enrolment::usableIdentity,
                    this::anchors,
                    readings,
                    SenmlFormat.CBOR,
                    EXCHANGE_TIMEOUT,
                    LinkSettings.defaults(),
                    Optional.of(home.resolve("dtls-session")),
                    Duration.ZERO);
        }

        @Override
        public void close() {
            transport.close();
            station.close();
        }
    }

    /** UDP payload bytes the relay carried both ways so far, once the datagrams in flight are counted. */
    private static long total(LossyUdpProxy link) {
        settle();
        return link.bytesUp() + link.bytesDown();
    }

    /** Lets the relay's threads count the last datagram of an exchange before the counters are read. */
    private static void settle() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int der(List<X509Certificate> chain) {
        int bytes = 0;
        for (X509Certificate certificate : chain) {
            try {
                bytes += certificate.getEncoded().length;
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return bytes;
    }
}
