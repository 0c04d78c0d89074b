// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with an independent CoAP/DTLS implementation (SECURITY R14, R16): libcoap's
 * {@code coap-client} (Debian's libcoap3-bin, OpenSSL or GnuTLS build) posts SenML packs to the collector over
 * DTLS 1.2 with a pre-shared key, in CBOR (Content-Format 112) and JSON (110); the collector stores them under the
 * PSK identity. A client with the wrong key stores nothing. libcoap takes the key as text ({@code -k}), so the key
 * is 16 random letters and digits made per run. Skipped, saying why, when no coap-client is installed.
 */
class LibcoapClientIT {
    private static final String IDENTITY = "fieldnode-libc0a9";

    @TempDir
    Path dir;

    private final String key = randomText(16);
    private CollectorServer collector;

    @BeforeEach
    void start() {
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory()
                        .add(new PskCredential(IDENTITY, key.getBytes(StandardCharsets.US_ASCII))))
                .build();
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    @Test
    void coapClient_postsCborAndJsonPacks_overDtlsPsk_andTheCollectorStoresThem() throws Exception {
        String client = coapClient();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String base = "urn:dev:ops:" + IDENTITY + ":";
        Path cbor = Files.write(
                dir.resolve("pack.cbor"),
                SenmlCodec.encode(
                        List.of(
                                new SenmlRecord(base + "env0/temperature", "Cel", 21.5, t),
                                new SenmlRecord(base + "env0/humidity", "%RH", 40.25, t)),
                        SenmlFormat.CBOR));
        Path json = Files.write(
                dir.resolve("pack.json"),
                SenmlCodec.encode(
                        List.of(new SenmlRecord(base + "env0/pressure", "Pa", 101_325, t.plusSeconds(1))),
                        SenmlFormat.JSON));

        Run first = run(client, key, "112", cbor, "r?s=0");
        Run second = run(client, key, "110", json, "r?s=2");

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(second.exit()).as(second.output()).isZero();
        List<StoredReading> stored = collector.store().all();
        assertThat(stored).extracting(StoredReading::device).containsOnly(IDENTITY);
        assertThat(stored)
                .extracting(StoredReading::name, StoredReading::sequence, StoredReading::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("env0/temperature", 0L, 21.5),
                        org.assertj.core.groups.Tuple.tuple("env0/humidity", 1L, 40.25),
                        org.assertj.core.groups.Tuple.tuple("env0/pressure", 2L, 101_325.0));
    }

    @Test
    void coapClient_withTheWrongKey_storesNothing() throws Exception {
        String client = coapClient();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path json = Files.write(
                dir.resolve("pack.json"),
                SenmlCodec.encode(
                        List.of(new SenmlRecord("urn:dev:ops:" + IDENTITY + ":env0/pressure", "Pa", 101_325, t)),
                        SenmlFormat.JSON));

        Run refused = run(client, randomText(16), "110", json, "r?s=0");

        assertThat(refused.output()).doesNotContain("2.04");
        assertThat(collector.store().size()).isZero();
    }

    record Run(int exit, String output) {}

    private Run run(String client, String psk, String contentFormat, Path payload, String pathAndQuery)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                client,
                "-m",
                "post",
                "-t",
                contentFormat,
                "-f",
                payload.toString(),
                "-u",
                IDENTITY,
                "-k",
                psk,
                "-B",
                "10",
                "-v",
                "6",
                "coaps://127.0.0.1:" + collector.address().getPort() + "/" + pathAndQuery));
        Path out = dir.resolve("coap-client.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        return new Run(p.exitValue(), Files.readString(out));
    }

    /** The installed libcoap client: the OpenSSL build first, then the generic and GnuTLS ones. */
    static String coapClient() {
        Optional<String> found = onPath("coap-client-openssl", "coap-client", "coap-client-gnutls");
        Assumptions.assumeTrue(
                found.isPresent(),
                "libcoap's coap-client is not installed (Debian: apt-get install libcoap3-bin); interop test skipped");
        return found.get();
    }

    static Optional<String> onPath(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    static String randomText(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
