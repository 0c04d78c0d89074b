// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.demo.soak.LossyUdpProxy;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that restarts keeps its DTLS session (saved encrypted on close) and its Connection ID, so the first
 * report after the restart needs no handshake, although it comes from a new UDP port (R18). Bytes are counted
 * by a relay between node and collector.
 */
class SessionResumptionIT {
    private final NodeId nodeId = NodeId.random();
    private final PskCredential psk = new PskCredential(nodeId.value(), key());
    private CollectorServer collector;
    private LossyUdpProxy proxy;
    private URI viaProxy;

    @TempDir
    Path dir;

    private static byte[] key() {
        byte[] key = new byte[16];
        NodeId.nonBlockingRandom().nextBytes(key);
        return key;
    }

    @BeforeEach
    void start() {
        InMemoryPskDirectory keys = new InMemoryPskDirectory();
        keys.add(psk);
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(keys)
                .build();
        collector.start();
        proxy = new LossyUdpProxy(collector.address(), LossyUdpProxy.Faults.none(), 1);
        viaProxy = URI.create("coaps://127.0.0.1:" + proxy.address().getPort() + "/r");
    }

    @AfterEach
    void stop() {
        proxy.close();
        collector.close();
    }

    private CoapReporter reporter(Optional<Path> state) {
        return new CoapReporter(new CoapReporterSettings(
                viaProxy,
                nodeId.value(),
                psk,
                SenmlFormat.CBOR,
                Duration.ofSeconds(10),
                LinkSettings.defaults(),
                state));
    }

    private static Batch batch(long sequence) {
        return new Batch(sequence, List.of(new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 0, Instant.now())));
    }

    /** Bytes sent up for one report by a fresh reporter with the given state file. */
    private long bytesUpForOneReport(Optional<Path> state, long sequence) throws Exception {
        long before = proxy.bytesUp();
        try (CoapReporter reporter = reporter(state)) {
            assertThat(reporter.report(batch(sequence))).isEqualTo(new ReportResult.Acknowledged(sequence));
            return proxy.bytesUp() - before;
        }
    }

    @Test
    void restartWithSavedSession_reportsWithoutAHandshake() throws Exception {
        Path state = dir.resolve("dtls-session");

        long firstRun = bytesUpForOneReport(Optional.of(state), 0);
        assertThat(state).exists();
        assertThat(Files.getPosixFilePermissions(state))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(state, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(nodeId.value());
        long afterRestart = bytesUpForOneReport(Optional.of(state), 1);
        long withoutState = bytesUpForOneReport(Optional.empty(), 2);

        // A PSK handshake costs the node ~300 bytes up (PERFORMANCE.md: 539 B both ways); one POST ~80.
        assertThat(afterRestart).isLessThan(firstRun / 2);
        assertThat(withoutState).isGreaterThan(firstRun / 2);
        assertThat(collector.store().size()).isEqualTo(3);
    }

    @Test
    void damagedSessionFile_isIgnoredAndAFullHandshakeFollows() throws Exception {
        Path state = dir.resolve("dtls-session");
        Files.write(state, new byte[] {1, 2, 3, 4, 5});

        bytesUpForOneReport(Optional.of(state), 0);

        assertThat(collector.store().size()).isEqualTo(1);
    }
}
