// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector that restarts with its saved DTLS connections ({@link CollectorServer.Builder#sessionState}) keeps
 * its nodes' sessions: a node that stays up across the restart reports to the new collector at once, and the new
 * collector makes no handshake at all (counted by Scandium's session listener). The state is encrypted with a
 * key file of mode 0600, and a damaged state costs only a new handshake.
 */
class CollectorRestartIT {
    private static final String NODE = "fieldnode-7e57";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final PskCredential key = credential();
    private SqliteReadingStore store;
    private CollectorServer collector;

    private static PskCredential credential() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new PskCredential(NODE, secret);
    }

    private void startCollector(int port) throws Exception {
        store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME));
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .pskDirectory(new InMemoryPskDirectory().add(key))
                .store(store)
                .sessionState(dir)
                .build();
        collector.start();
    }

    /**
     * A free loopback port, used for both starts: Scandium names the saved connections after the configured bind
     * address, as {@code collector serve --bind} does, so port 0 would not find them again.
     */
    private static int freePort() throws java.io.IOException {
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    private void stopCollector() {
        if (collector != null) {
            collector.close();
            store.close();
            collector = null;
        }
    }

    @AfterEach
    void stop() {
        stopCollector();
    }

    private CoapReporter reporter(int port) {
        return reporter(port, Duration.ofSeconds(10));
    }

    private CoapReporter reporter(int port, Duration exchangeTimeout) {
        URI uri = URI.create("coaps://127.0.0.1:" + port + "/r");
        return new CoapReporter(new CoapReporterSettings(uri, NODE, key, SenmlFormat.CBOR, exchangeTimeout));
    }

    /** What SIGKILL or a power cut leaves: the collector gone without saving its DTLS connections. */
    private void crashCollector() throws Exception {
        stopCollector();
        Files.delete(dir.resolve(DtlsSessionState.STATE_FILE));
    }

    private static Batch batch(long sequence) {
        return new Batch(
                sequence, List.of(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 0, T0.plusSeconds(sequence))));
    }

    @Test
    void restartedCollector_keepsTheNodesSession_noHandshakeAfterTheRestart() throws Exception {
        int port = freePort();
        startCollector(port);
        try (CoapReporter node = reporter(port)) {
            assertThat(node.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));
            assertThat(collector.handshakes()).isEqualTo(new HandshakeCounter.Counts(1, 0, 0));

            stopCollector(); // what SIGTERM does in `collector serve`
            Path state = dir.resolve(DtlsSessionState.STATE_FILE);
            Path keyFile = dir.resolve(DtlsSessionState.KEY_FILE);
            assertThat(state).isRegularFile();
            assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.size(keyFile)).isEqualTo(16);
            String stored = new String(Files.readAllBytes(state), StandardCharsets.ISO_8859_1);
            assertThat(stored)
                    .doesNotContain(NODE)
                    .doesNotContain(HexFormat.of().formatHex(key.secret()));

            startCollector(port);
            assertThat(state).as("loaded once, then deleted").doesNotExist();
            assertThat(node.report(batch(2))).isEqualTo(new ReportResult.Acknowledged(2));
            assertThat(node.report(batch(3))).isEqualTo(new ReportResult.Acknowledged(3));

            assertThat(collector.handshakes()).isEqualTo(new HandshakeCounter.Counts(0, 0, 0));
        }
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(1L, 2L, 3L);
    }

    /**
     * Issue 20: a collector restarted after a crash drops the node's records (unknown Connection ID, nothing to
     * answer with), so the report in flight gets no answer; the very next one starts a handshake (Scandium probe:
     * resumption offered, refused by the new collector, full handshake) and is stored. Then the session works again
     * and no further report makes a handshake.
     */
    @Test
    void crashedCollector_nodeGetsThroughOnItsFirstRetry_withOneHandshake_thenNoMore() throws Exception {
        int port = freePort();
        startCollector(port);
        try (CoapReporter node = reporter(port, Duration.ofSeconds(4))) {
            assertThat(node.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));

            crashCollector();
            startCollector(port);
            ReportResult lost = node.report(batch(2));
            ReportResult retry = node.report(batch(2));
            ReportResult next = node.report(batch(3));

            assertThat(lost)
                    .isInstanceOfSatisfying(
                            ReportResult.Unreachable.class,
                            u -> assertThat(u.cause()).isEqualTo(ReportResult.Cause.NO_ANSWER));
            assertThat(retry).isEqualTo(new ReportResult.Acknowledged(2));
            assertThat(next).isEqualTo(new ReportResult.Acknowledged(3));
            assertThat(collector.handshakes()).isEqualTo(new HandshakeCounter.Counts(1, 0, 0));
        }
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(1L, 2L, 3L);
    }

    /**
     * A collector that was stopped cleanly still knows the session after its restart: the node's handshake after a
     * report that went unanswered while the collector was down is a resumption (abbreviated), not a full one.
     */
    @Test
    void cleanlyRestartedCollector_afterAnUnansweredReport_resumesTheSession() throws Exception {
        int port = freePort();
        startCollector(port);
        try (CoapReporter node = reporter(port, Duration.ofSeconds(4))) {
            assertThat(node.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));

            stopCollector();
            assertThat(node.report(batch(2))).isInstanceOf(ReportResult.Unreachable.class);
            startCollector(port);
            assertThat(node.report(batch(2))).isEqualTo(new ReportResult.Acknowledged(2));
            assertThat(node.report(batch(3))).isEqualTo(new ReportResult.Acknowledged(3));

            assertThat(collector.handshakes()).isEqualTo(new HandshakeCounter.Counts(0, 1, 0));
        }
    }

    @Test
    void damagedState_isSkipped_andTheNodeIsServedAfterAFullHandshake() throws Exception {
        int port = freePort();
        startCollector(port);
        try (CoapReporter node = reporter(port)) {
            assertThat(node.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));
        }
        stopCollector();
        Path state = dir.resolve(DtlsSessionState.STATE_FILE);
        byte[] bytes = Files.readAllBytes(state);
        bytes[bytes.length - 3] ^= 0x5A; // inside the ciphertext: the GCM tag no longer matches
        Files.write(state, bytes);

        startCollector(port);
        try (CoapReporter node = reporter(port)) {
            assertThat(node.report(batch(2))).isEqualTo(new ReportResult.Acknowledged(2));
        }
        assertThat(collector.handshakes().full()).isEqualTo(1);
        assertThat(state).doesNotExist();
    }

    @Test
    void keyFileOthersCanRead_isNotUsed() throws Exception {
        int port = freePort();
        startCollector(port);
        try (CoapReporter node = reporter(port)) {
            assertThat(node.report(batch(1))).isEqualTo(new ReportResult.Acknowledged(1));
            stopCollector();
            Files.setPosixFilePermissions(
                    dir.resolve(DtlsSessionState.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));

            startCollector(port);
            assertThat(dir.resolve(DtlsSessionState.STATE_FILE)).doesNotExist();
        }
        assertThat(collector.handshakes().completed()).isZero();
    }
}
