// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SECURITY R40, per-credential bounds, over real Scandium DTLS on loopback: one valid PSK credential completes
 * {@value #FLOOD_HANDSHAKES} real handshakes from as many UDP ports (a copied key on many devices, or one device
 * that keeps opening sessions). The connection table never holds more than {@value #LIMIT} of its sessions, the table as
 * a whole stays within the bound plus the legitimate nodes, every session ended is counted and recorded (as a
 * rate-limited security event), and three legitimate nodes keep getting every batch acknowledged meanwhile.
 */
class CredentialSessionsIT {
    private static final int LIMIT = 3;
    private static final int FLOOD_HANDSHAKES = 200;
    private static final int NODES = 3;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    @Timeout(180)
    void oneCredentialWithManySessions_keepsOnlyTheNewest_andLegitimateNodesKeepReporting() throws Exception {
        PskCredential flood = CoapRequestFuzzIT.credential("fieldnode-stolen");
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        directory.add(flood);
        List<PskCredential> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            PskCredential psk = CoapRequestFuzzIT.credential("fieldnode-legit" + i);
            nodes.add(psk);
            directory.add(psk);
        }
        List<SecurityEvent> events = new CopyOnWriteArrayList<>();
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(directory)
                .sessionsPerCredential(LIMIT)
                .events(new CollectorEvents(events::add, InstantSource.system(), () -> true))
                .build()) {
            collector.start();
            URI uri = URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r");
            List<CoapReporter> reporters = new ArrayList<>();
            for (PskCredential psk : nodes) {
                reporters.add(new CoapReporter(
                        new CoapReporterSettings(uri, psk.identity(), psk, SenmlFormat.CBOR, Duration.ofSeconds(10))));
            }
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                AtomicBoolean flooding = new AtomicBoolean(true);
                List<Future<Long>> reporting = new ArrayList<>();
                for (CoapReporter reporter : reporters) {
                    reporting.add(pool.submit(() -> reportWhile(reporter, flooding)));
                }
                int mostHeld = 0;
                int established = 0;
                for (int i = 0; i < FLOOD_HANDSHAKES; i++) {
                    if (handshake(collector.address(), flood)) {
                        established++;
                    }
                    mostHeld = Math.max(mostHeld, collector.heldSessions(flood.identity()));
                }
                flooding.set(false);
                long batches = 0;
                for (Future<Long> f : reporting) {
                    batches += f.get();
                }

                assertThat(established)
                        .as("real handshakes with the one credential")
                        .isEqualTo(FLOOD_HANDSHAKES);
                assertThat(mostHeld).isLessThanOrEqualTo(LIMIT);
                assertThat(collector.heldSessions(flood.identity())).isLessThanOrEqualTo(LIMIT);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (collector.sessions().evicted() < FLOOD_HANDSHAKES - LIMIT && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(collector.sessions().evicted()).isEqualTo(FLOOD_HANDSHAKES - LIMIT);
                // the flood's newest sessions and the legitimate nodes', nothing else
                awaitTable(collector, LIMIT + NODES);
                assertThat(events)
                        .filteredOn(e -> e.code() == SecurityEventCode.SESSION_LIMIT)
                        .isNotEmpty()
                        .allSatisfy(e -> assertThat(e.nodeId()).isEqualTo(flood.identity()));
                for (PskCredential psk : nodes) {
                    assertThat(collector.heldSessions(psk.identity())).isEqualTo(1);
                }
                // every legitimate batch was acknowledged (reportWhile retries until it is), so every reading stored
                assertThat(batches).as("legitimate batches during the flood").isGreaterThanOrEqualTo(NODES * 2L);
                long legitimate = collector.store().all().stream()
                        .filter(r -> r.device().startsWith("fieldnode-legit"))
                        .count();
                assertThat(legitimate).isEqualTo(batches);
            } finally {
                pool.shutdownNow();
                reporters.forEach(CoapReporter::close);
            }
        }
    }

    /**
     * One real DTLS handshake with {@code psk} from a new UDP port (a plain Scandium client that then goes away, as
     * a device with a copied key would): true once the session is established.
     */
    private static boolean handshake(InetSocketAddress collector, PskCredential psk) throws Exception {
        Configuration config = new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        DTLSConnector client = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.secret()))
                .build());
        CompletableFuture<Boolean> established = new CompletableFuture<>();
        try {
            client.start();
            client.send(RawData.outbound(
                    new byte[] {0x40, 0x00, 0x00, 0x01}, // a CoAP ping (RFC 7252 §4.3), sent once the session is up
                    new AddressEndpointContext(collector),
                    new MessageCallback() {
                        @Override
                        public void onConnecting() {}

                        @Override
                        public void onDtlsRetransmission(int flight) {}

                        @Override
                        public void onContextEstablished(EndpointContext context) {
                            established.complete(true);
                        }

                        @Override
                        public void onSent() {
                            established.complete(true);
                        }

                        @Override
                        public void onError(Throwable error) {
                            established.complete(false);
                        }
                    },
                    false));
            return established.get(20, TimeUnit.SECONDS);
        } finally {
            client.destroy();
        }
    }

    /** The table settles at {@code bound} connections once no handshake is under way. */
    private static void awaitTable(CollectorServer collector, int bound) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (collector.sessions().connections() > bound && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(collector.sessions().connections()).isLessThanOrEqualTo(bound);
    }

    /** Reports one reading every 100 ms until the flood ends, each retried until acknowledged; returns how many. */
    private static long reportWhile(CoapReporter reporter, AtomicBoolean flooding) throws InterruptedException {
        long sequence = 0;
        while (flooding.get()) {
            Batch batch = new Batch(
                    sequence,
                    List.of(new Reading(
                            "env0",
                            Channel.AMBIENT_TEMPERATURE,
                            20 + sequence % 10,
                            sequence,
                            T0.plusSeconds(sequence))));
            while (!(reporter.report(batch) instanceof ReportResult.Acknowledged)) {
                Thread.sleep(50);
            }
            sequence++;
            Thread.sleep(100);
        }
        return sequence;
    }
}
