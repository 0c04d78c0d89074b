// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.elements.AddressEndpointContext;
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
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood at the collector from loopback (SECURITY R40), bounded in rate and time: for {@value #FLOOD_SECONDS} s,
 * junk datagrams at about {@value #JUNK_PER_SECOND} a second (random bytes, fake DTLS handshake and application
 * records) and {@value #BOGUS_HANDSHAKES} concurrent DTLS handshakes with identities or keys the collector does not
 * know. Meanwhile three enrolled nodes report a batch every 200 ms through the real {@link CoapReporter}: every
 * batch is acknowledged (retried while the flood delays it), every reading is stored once, and the collector's used
 * heap after the flood (after GC, flood clients closed) is within {@value #HEAP_BOUND_MIB} MiB of what it was before.
 */
class CollectorFloodIT {
    private static final int FLOOD_SECONDS = 5;
    private static final int JUNK_PER_SECOND = 3000;
    private static final int BOGUS_HANDSHAKES = 200;
    private static final int NODES = 3;
    private static final long HEAP_BOUND_MIB = 64;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    @Timeout(120)
    void junkAndHandshakeStorm_enrolledNodesKeepReporting_andHeapStaysBounded() throws Exception {
        List<PskCredential> nodes = new ArrayList<>();
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        for (int i = 0; i < NODES; i++) {
            PskCredential psk = CoapRequestFuzzIT.credential("fieldnode-flood" + i);
            nodes.add(psk);
            directory.add(psk);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(directory)
                .build()) {
            collector.start();
            List<CoapReporter> reporters = new ArrayList<>();
            for (PskCredential psk : nodes) {
                reporters.add(new CoapReporter(new CoapReporterSettings(
                        URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r"),
                        psk.identity(),
                        psk,
                        SenmlFormat.CBOR,
                        Duration.ofSeconds(10))));
            }
            ExecutorService pool = Executors.newCachedThreadPool();
            try {
                for (CoapReporter reporter : reporters) { // sessions up and code warm before the baseline
                    assertThat(reporter.report(batch(1_000_000))).isInstanceOf(ReportResult.Acknowledged.class);
                }
                long heapBefore = usedHeapAfterGc(memory);

                AtomicBoolean flooding = new AtomicBoolean(true);
                List<Future<long[]>> reporting = new ArrayList<>();
                for (CoapReporter reporter : reporters) {
                    reporting.add(pool.submit(() -> reportWhile(reporter, flooding)));
                }
                Future<Long> junk = pool.submit(() -> junk(collector.address()));
                List<DTLSConnector> bogus = bogusHandshakes(collector.address());
                long junkSent = junk.get();
                flooding.set(false);
                long batches = 0;
                long retries = 0;
                for (Future<long[]> f : reporting) {
                    long[] r = f.get();
                    batches += r[0];
                    retries += r[1];
                }
                bogus.forEach(DTLSConnector::destroy);
                long heapAfter = usedHeapAfterGc(memory);

                // Every batch acknowledged means every reading stored; the store keeps each (node, sequence) once.
                long expected = (batches + NODES) * 3; // the warm-up batch of each node, then the flood's
                List<StoredReading> stored = collector.store().all();
                long distinct = stored.stream()
                        .map(r -> r.device() + "#" + r.sequence())
                        .distinct()
                        .count();
                // Not a rate (this machine may be busy): every node kept getting batches acknowledged during the flood.
                assertThat(batches).as("batches reported during the flood").isGreaterThanOrEqualTo(NODES * 2L);
                assertThat(stored).hasSize((int) expected);
                assertThat(distinct).isEqualTo(expected);
                long growth = heapAfter - heapBefore;
                assertThat(growth).as("used heap grew by %d bytes", growth).isLessThan(HEAP_BOUND_MIB << 20);
                FuzzRun.count("collector-flood", "faults", 1);
                FuzzRun.count("collector-flood", "lost", 0);
                FuzzRun.count("collector-flood", "duplicated", stored.size() - distinct);
                FuzzRun.count("collector-flood", "flood_junk_datagrams", junkSent);
                FuzzRun.count("collector-flood", "flood_bogus_handshakes", bogus.size());
                FuzzRun.count("collector-flood", "flood_node_batches", batches);
                FuzzRun.count("collector-flood", "flood_node_retries", retries);
                FuzzRun.count("collector-flood", "flood_heap_growth_kib", growth / 1024);
            } finally {
                pool.shutdownNow();
                reporters.forEach(CoapReporter::close);
            }
        }
    }

    /** Reports a batch of three readings every 200 ms until the flood ends; retries each until acknowledged. */
    private static long[] reportWhile(CoapReporter reporter, AtomicBoolean flooding) throws InterruptedException {
        long batches = 0;
        long retries = 0;
        long sequence = 0;
        while (flooding.get()) {
            Batch batch = batch(sequence);
            while (!(reporter.report(batch) instanceof ReportResult.Acknowledged)) {
                retries++;
            }
            batches++;
            sequence += 3;
            Thread.sleep(200);
        }
        return new long[] {batches, retries};
    }

    private static Batch batch(long sequence) {
        Instant t = T0.plusSeconds(sequence);
        return new Batch(
                sequence,
                List.of(
                        new Reading("env0", Channel.AMBIENT_TEMPERATURE, 20 + sequence % 10, sequence, t),
                        new Reading("env0", Channel.RELATIVE_HUMIDITY, 40, sequence + 1, t),
                        new Reading("env0", Channel.PRESSURE, 101_325, sequence + 2, t)));
    }

    /** Junk for {@value #FLOOD_SECONDS} s from eight source ports; returns the datagrams sent. */
    private static long junk(InetSocketAddress collector) throws Exception {
        Random random = new Random(42);
        List<DatagramChannel> sockets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sockets.add(DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        }
        long sent = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(FLOOD_SECONDS).toNanos();
        try {
            while (System.nanoTime() < end) {
                byte[] datagram = new byte[1 + random.nextInt(200)];
                random.nextBytes(datagram);
                switch (random.nextInt(3)) {
                    case 0 -> dtlsHeader(datagram, 22, 0); // handshake record, epoch 0 (RFC 6347 §4.1)
                    case 1 -> dtlsHeader(datagram, 23, 1); // application data, epoch 1
                    default -> {}
                }
                sockets.get(random.nextInt(sockets.size())).send(ByteBuffer.wrap(datagram), collector);
                sent++;
                long due = start + sent * 1_000_000_000L / JUNK_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } finally {
            for (DatagramChannel s : sockets) {
                s.close();
            }
        }
        return sent;
    }

    private static void dtlsHeader(byte[] datagram, int contentType, int epoch) {
        if (datagram.length >= 13) {
            datagram[0] = (byte) contentType;
            datagram[1] = (byte) 0xFE;
            datagram[2] = (byte) 0xFD; // DTLS 1.2
            datagram[3] = 0;
            datagram[4] = (byte) epoch;
            int length = datagram.length - 13;
            datagram[11] = (byte) (length >> 8);
            datagram[12] = (byte) length;
        }
    }

    /** Starts the bogus handshakes at once: half with unknown identities, half with a known identity's wrong key. */
    private static List<DTLSConnector> bogusHandshakes(InetSocketAddress collector) throws Exception {
        List<DTLSConnector> clients = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < BOGUS_HANDSHAKES; i++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            String identity = i % 2 == 0 ? "stranger-" + i : "fieldnode-flood0";
            Configuration config = new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
            config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
            config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
            config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
            DTLSConnector client = new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                    .build());
            client.start();
            clients.add(client);
        }
        for (DTLSConnector client : clients) { // sending starts the handshake (a CoAP empty CON as payload)
            client.send(RawData.outbound(
                    new byte[] {0x40, 0x00, 0x00, 0x01}, new AddressEndpointContext(collector), null, false));
        }
        return clients;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
