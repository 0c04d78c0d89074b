// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved DTLS session is loaded at most once, even across a power cut: its file is deleted and the deletion made
 * durable (the directory synced) before the session reaches the connector, so no record can be sent with it before
 * (a loaded session reuses record sequence numbers, and with AES-CCM those are the nonce). A real session with an
 * in-process Scandium server on loopback; the directory sync is watched, then broken.
 */
class SessionStateFileTest {
    private static final byte[] KEY = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final PskCredential PSK = new PskCredential("fieldnode-0000000000000001", KEY);

    @TempDir
    Path dir;

    private PskCollector server;
    private InetSocketAddress serverAddress;
    private Path file;

    @BeforeEach
    void aSavedSession() throws Exception {
        server = new PskCollector(InetAddress.getLoopbackAddress(), PSK);
        serverAddress = server.address();
        file = dir.resolve("dtls-session");
        try (CoapReporter reporter = new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:" + serverAddress.getPort() + "/r"),
                PSK.identity(),
                PSK,
                SenmlFormat.CBOR,
                Duration.ofSeconds(20),
                LinkSettings.defaults(),
                Optional.of(file)))) {
            Reading reading = new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 1, Instant.now());
            assertThat(reporter.report(new Batch(0, List.of(reading)))).isEqualTo(new ReportResult.Acknowledged(0));
        }
        assertThat(file).exists();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static DTLSConnector freshClient() {
        DtlsCredentials.Psk credentials = new DtlsCredentials.Psk(PSK);
        return new DTLSConnector(ClientConfiguration.dtls(
                ClientConfiguration.coap(LinkSettings.defaults(), credentials),
                new AdvancedSinglePskStore(PSK.identity(), KEY)));
    }

    @Test
    void theFileIsGoneAndItsDirectorySynced_beforeTheSessionReachesTheConnector() {
        DTLSConnector client = freshClient();
        List<String> seenAtSync = new ArrayList<>();
        SessionStateFile state = new SessionStateFile(file, new DtlsCredentials.Psk(PSK), directory -> {
            seenAtSync.add("directory=" + directory.equals(dir.toAbsolutePath()));
            seenAtSync.add("file=" + Files.exists(file));
            seenAtSync.add("session=" + (client.getSessionByAddress(serverAddress) != null));
        });

        int loaded = state.loadInto(client);

        assertThat(seenAtSync).containsExactly("directory=true", "file=false", "session=false");
        assertThat(loaded).isEqualTo(1);
        assertThat(client.getSessionByAddress(serverAddress)).isNotNull();
        client.destroy();
    }

    @Test
    void whenTheDirectoryCannotBeSynced_theSessionIsNotUsed_andTheFileIsGone() {
        DTLSConnector client = freshClient();
        SessionStateFile state = new SessionStateFile(file, new DtlsCredentials.Psk(PSK), directory -> {
            throw new IOException("injected: fsync failed");
        });

        int loaded = state.loadInto(client);

        assertThat(loaded).isZero();
        assertThat(client.getSessionByAddress(serverAddress)).isNull();
        assertThat(file).doesNotExist();
        client.destroy();
    }

    @Test
    void aSessionIsLoadedOnce() {
        DTLSConnector first = freshClient();
        DTLSConnector second = freshClient();
        SessionStateFile state = new SessionStateFile(file, new DtlsCredentials.Psk(PSK));

        assertThat(state.loadInto(first)).isEqualTo(1);
        assertThat(state.loadInto(second)).isZero();
        first.destroy();
        second.destroy();
    }
}
