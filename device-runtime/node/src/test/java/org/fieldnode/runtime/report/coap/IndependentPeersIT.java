// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's {@link CoapReporter} against independent DTLS implementations on loopback (SECURITY R14):
 *
 * <ul>
 *   <li>libcoap's {@code coap-server} (Debian's libcoap3-bin, OpenSSL build) with a pre-shared key: each batch is
 *       acknowledged, and the server's own log shows the confirmable POSTs to {@code /r} with {@code s=<sequence>},
 *       Content-Format {@code application/senml+cbor} and payloads that decode to exactly the readings sent;
 *   <li>{@code openssl s_server -dtls1_2} offering only CBC suites: the node refuses to talk (OpenSSL finds no
 *       shared cipher) and the reason the delivery loop logs says which suite the collector must offer.
 * </ul>
 *
 * Keys are 16 random letters and digits per run (libcoap takes {@code -k} as text). Skipped, saying why, when
 * the binary is absent.
 */
class IndependentPeersIT {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String NODE = "fieldnode-peer01";

    @TempDir
    Path dir;

    private final List<Process> peers = new ArrayList<>();
    private final String key = randomText(16);
    private final PskCredential psk = new PskCredential(NODE, key.getBytes(StandardCharsets.US_ASCII));

    @AfterEach
    void stopPeers() throws InterruptedException {
        for (Process p : peers) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void reportsToLibcoapServer_overDtlsPsk_whichReceivesEveryReading() throws Exception {
        String server = installed("coap-server-openssl", "coap-server", "coap-server-gnutls");
        int port = freePortPair(); // coap-server binds UDP/TCP on port and DTLS/TLS on port + 1
        Path log = dir.resolve("coap-server.log");
        start(log, server, "-A", "127.0.0.1", "-p", Integer.toString(port), "-k", key, "-d", "10", "-v", "7");
        awaitLine(log, "created DTLS endpoint");
        List<Batch> batches = List.of(batch(0, 21.5), batch(3, 22.25));

        try (CoapReporter reporter = reporter(port + 1)) {
            for (Batch batch : batches) {
                assertThat(reporter.report(batch)).isEqualTo(new ReportResult.Acknowledged(batch.sequence()));
            }
        }

        String text = Files.readString(log);
        Matcher post = Pattern.compile("c:POST [^\\n]*Uri-Path:r, Content-Format:application/senml\\+cbor,"
                        + " Uri-Query:s=(\\d+) \\][^\\n]*\\n<<([0-9a-f]+)>>")
                .matcher(text);
        List<Long> sequences = new ArrayList<>();
        List<List<SenmlRecord>> payloads = new ArrayList<>();
        while (post.find()) {
            sequences.add(Long.parseLong(post.group(1)));
            payloads.add(SenmlCodec.decode(HexFormat.of().parseHex(post.group(2)), SenmlFormat.CBOR));
        }
        assertThat(sequences).as(text).containsExactly(0L, 3L);
        for (int i = 0; i < batches.size(); i++) {
            assertThat(payloads.get(i)).isEqualTo(BatchPack.records(BatchPack.ON_THE_WIRE, batches.get(i)));
        }
    }

    @Test
    void refusesAnOpensslServerThatOffersOnlyCbcSuites_sayingWhichSuiteItNeeds() throws Exception {
        String openssl = installed("openssl");
        int port = freePortPair();
        Path log = dir.resolve("s_server.log");
        start(
                log,
                openssl,
                "s_server",
                "-dtls1_2",
                "-accept",
                Integer.toString(port),
                "-nocert",
                "-psk",
                HexFormat.of().formatHex(key.getBytes(StandardCharsets.US_ASCII)),
                "-cipher",
                "PSK-AES128-CBC-SHA256:PSK-AES128-CBC-SHA:PSK-AES256-CBC-SHA384");
        awaitLine(log, "ACCEPT");

        ReportResult result;
        try (CoapReporter reporter = reporter(port)) {
            result = reporter.report(batch(0, 21.5));
        }

        assertThat(result).isInstanceOf(ReportResult.Unreachable.class);
        String reason = ((ReportResult.Unreachable) result).reason();
        assertThat(reason)
                .contains("DTLS handshake with 127.0.0.1:" + port + " failed")
                .contains("TLS_PSK_WITH_AES_128_CCM_8")
                .doesNotContain("\n");
        assertThat(Files.readString(log)).contains("no shared cipher");
    }

    private CoapReporter reporter(int port) {
        return new CoapReporter(new CoapReporterSettings(
                URI.create("coaps://127.0.0.1:" + port + "/r"), NODE, psk, SenmlFormat.CBOR, Duration.ofSeconds(10)));
    }

    private static Batch batch(long sequence, double celsius) {
        Instant t = T0.plusSeconds(sequence);
        return new Batch(
                sequence,
                List.of(
                        new Reading("env0", Channel.AMBIENT_TEMPERATURE, celsius, sequence, t),
                        new Reading("env0", Channel.RELATIVE_HUMIDITY, 40.5, sequence + 1, t),
                        new Reading("env0", Channel.PRESSURE, 101_325, sequence + 2, t)));
    }

    private void start(Path log, String... command) throws IOException {
        // stdin stays an open pipe: openssl s_server ends at end of input.
        peers.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the peer did not print '" + text + "' within 10 s: " + Files.readString(log));
    }

    /** A port whose UDP and TCP sockets are free, and the next one's too. */
    private static int freePortPair() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                port = probe.getLocalPort();
            }
            if (port < 65535 && free(loopback, port) && free(loopback, port + 1)) {
                return port;
            }
        }
        throw new IOException("no free pair of loopback ports");
    }

    private static boolean free(InetAddress address, int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket(port, 1, address)) {
            return udp.isBound() && tcp.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static String installed(String... names) {
        Optional<String> found = Optional.empty();
        for (String name : names) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (found.isEmpty() && !d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                    found = Optional.of(Path.of(d, name).toString());
                }
            }
        }
        Assumptions.assumeTrue(
                found.isPresent(),
                String.join(" or ", names) + " is not installed (Debian: apt-get install libcoap3-bin openssl);"
                        + " interop test skipped");
        return found.get();
    }

    private static String randomText(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
