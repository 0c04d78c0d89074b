// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.update.ReleaseSource;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;

/**
 * SECURITY R27 on the node's side of {@code /u}, over loopback DTLS with the reporter's own endpoint: block 0 of a
 * payload comes alone (not the whole payload reassembled by Californium), any block may be asked for first, and
 * after the collector went away mid-download the fetch goes on from the next block with a new session.
 */
class CoapReleaseSourceTest {
    private static final PskCredential PSK =
            new PskCredential("fieldnode-0000000000000003", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static CoapReporter reporter(int port) {
        return new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:" + port + "/r"),
                PSK.identity(),
                PSK,
                SenmlFormat.CBOR,
                Duration.ofSeconds(2),
                LinkSettings.defaults(),
                Optional.empty()));
    }

    @Test
    void blockZero_comesAlone_andAFetchResumesAfterTheCollectorWasAway() throws Exception {
        byte[] manifest = "signed manifest".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[5 * 512 + 100];
        new SecureRandom().nextBytes(payload);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int port;
        try (PskCollector collector = new PskCollector(InetAddress.getLoopbackAddress(), PSK)) {
            collector.serveRelease(7, manifest, payload);
            port = collector.address().getPort();
            try (CoapReporter reporter = reporter(port)) {
                ReleaseSource source = reporter.releases();
                assertThat(source.blockSize()).isEqualTo(512);
                assertThat(source.manifest(7)).isEqualTo(manifest);

                ReleaseSource.Block first = source.payload(7, 0);
                assertThat(first.data()).hasSize(512);
                assertThat(first.more()).isTrue();
                assertThat(collector.payloadGets())
                        .as("block 0 alone, not reassembled")
                        .isEqualTo(1);
                kept.write(first.data());
                kept.write(source.payload(7, 1).data());
                collector.close(); // the collector goes away after two kept blocks

                assertThatThrownBy(() -> source.payload(7, 2)).isInstanceOf(IOException.class);

                try (PskCollector back =
                        new PskCollector(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PSK)) {
                    back.serveRelease(7, manifest, payload);
                    for (long number = 2; ; number++) {
                        ReleaseSource.Block block = source.payload(7, number);
                        kept.write(block.data());
                        if (!block.more()) {
                            break;
                        }
                    }
                    assertThat(back.blocksAsked())
                            .containsExactlyInAnyOrder(2, 3, 4, 5); // nothing before the kept ones
                }
            }
        }
        assertThat(kept.toByteArray()).isEqualTo(payload);
    }
}
