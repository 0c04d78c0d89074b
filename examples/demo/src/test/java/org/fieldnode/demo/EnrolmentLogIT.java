// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.ca.ProvisioningBundles;
import org.fieldnode.collector.est.EnrolmentServer;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.app.EnrolledNode;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.runtime.config.ProfileLoader;
import org.fieldnode.runtime.sampling.DriverRegistry;
import org.fieldnode.security.enrol.SecurityState;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.store.EncryptedKeystore;
import org.fieldnode.security.store.NodeCredentials;
import org.fieldnode.security.store.WrappingKeyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY R2, R11 end to end: the log of a full enrolment over real loopback DTLS — bundle issued by the
 * collector's CA, imported by the node, EST-coaps enrolment with the one-time PSK, reports with the certificate —
 * captured by the tinylog file writer of this module's tests ({@code tinylog-test.properties}:
 * {@code target/test-logs/fieldnode.log}, INFO and above, unbuffered), holds none of the secrets: the enrolment PSK,
 * the node's wrapping key, the node's private key, the collector's server key, in raw, hex or base64 form.
 */
class EnrolmentLogIT {
    private static final Path LOG = Path.of("target/test-logs/fieldnode.log");

    @TempDir
    Path dir;

    @Test
    void aFullEnrolmentLogsNoSecret() throws Exception {
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        DriverRegistry drivers = DriverRegistry.load();
        Profile profile = new ProfileLoader(drivers.compatibles()).load(Demo.PROFILE);
        Path collectorData = Files.createDirectories(dir.resolve("collector"));
        Path nodeData = Files.createDirectories(dir.resolve("node"));
        NodeId nodeId = NodeId.random();
        WrappingKeyFile wrapping = new WrappingKeyFile(nodeData.resolve("wrapping.key"));
        List<byte[]> secrets = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try (EnrolmentServer enrolment =
                        EnrolmentServer.open(collectorData, List.of("127.0.0.1"), InstantSource.system());
                CollectorServer collector = enrolment
                        .configure(CollectorServer.builder()
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                                .pskDirectory(new InMemoryPskDirectory()))
                        .build()) {
            collector.start();
            URI uri = URI.create("coaps://127.0.0.1:" + collector.address().getPort());
            Path bundle = dir.resolve("bundle.txt");
            enrolment
                    .bundles()
                    .issue(ProvisioningBundles.Request.of("log-node", uri).allowingLoopback(), bundle, Instant.now());
            secrets.add(HexFormat.of()
                    .parseHex(Files.readString(bundle)
                            .lines()
                            .filter(l -> l.startsWith("psk.key="))
                            .findFirst()
                            .orElseThrow()
                            .substring("psk.key=".length())));
            keys.add(enrolment.serverKey());

            EnrolledNode node = EnrolledNode.start(
                    new EnrolledNode.Setup(
                            profile,
                            nodeId,
                            nodeData,
                            wrapping,
                            Optional.of(bundle),
                            Optional.empty(),
                            SenmlFormat.CBOR,
                            Duration.ofMillis(500)),
                    drivers);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while ((node.state().phase() != SecurityState.Phase.OK
                                || collector.store().size() == 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(node.state().phase()).isEqualTo(SecurityState.Phase.OK);
                assertThat(collector.store().size()).isPositive();
            } finally {
                node.stop(Duration.ofSeconds(10));
            }
        }
        secrets.add(wrapping.wrappingKey());
        keys.add(new NodeCredentials(EncryptedKeystore.openOrCreate(nodeData.resolve(EnrolledNode.KEYSTORE), wrapping))
                .identity(nodeId)
                .orElseThrow()
                .privateKey());

        String log = appendedSince(logStart);
        // The log did capture the enrolment (so its silence about secrets means something) ...
        assertThat(log)
                .contains("node=" + nodeId + " code=FN-SEC-1002 event=enrolled")
                .contains("Provisioning bundle issued: device=log-node");
        // ... and no form of any secret.
        for (byte[] secret : secrets) {
            assertThat(forms(secret)).allSatisfy(form -> assertThat(log).doesNotContain(form));
            assertThat(log).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
        }
        for (PrivateKey key : keys) {
            assertThat(forms(scalar(key))).allSatisfy(form -> assertThat(log).doesNotContain(form));
            assertThat(forms(key.getEncoded()))
                    .allSatisfy(form -> assertThat(log).doesNotContain(form));
        }
        assertThat(log).doesNotContain("PRIVATE KEY").doesNotContain("psk.key=");
    }

    private static String appendedSince(long start) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static List<String> forms(byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        return List.of(
                hex,
                hex.toUpperCase(Locale.ROOT),
                HexFormat.ofDelimiter(":").formatHex(secret),
                Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The 32-byte P-256 private scalar, unsigned big-endian. */
    private static byte[] scalar(PrivateKey key) {
        byte[] s = ((ECPrivateKey) key).getS().toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, s.length);
        System.arraycopy(s, s.length - copy, out, 32 - copy, copy);
        return out;
    }
}
