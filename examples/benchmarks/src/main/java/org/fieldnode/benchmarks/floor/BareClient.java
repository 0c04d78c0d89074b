// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.floor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor of {@code fieldnode bench}: the least a Java sensor client on the same stack must do, written with
 * Californium and Scandium alone (no fieldnode class). It starts, does a DTLS 1.2 PSK handshake with {@code
 * TLS_PSK_WITH_AES_128_CCM_8} (RFC 7925 §4.2), and sends confirmable POSTs (RFC 7252 §4.2) of one 65-byte
 * SenML-CBOR pack of 4 values (RFC 8428 §6) every interval, then exits.
 *
 * <p>Its Californium sizing is the node's ({@code runtime.report.coap.ClientConfiguration}): one thread per stage,
 * tables for 4 peers, 1-byte tokens, NSTART 1, extended master secret required, Connection ID accepted.
 *
 * <p>Usage: {@code BareClient <coaps://host:port/path> <psk-file> <interval-ms> <count> <first-sequence>}, where the
 * PSK file holds {@code identity=<text>} and {@code key=<hex>} lines (the node's format; the key is never logged).
 * The identity must be 2 characters long for the pack to be 65 bytes. Logs (through SLF4J, like Californium) one
 * line {@code first_ack after <ms> ms} when the first answer arrives and a summary {@code bare: posts=N
 * acknowledged=N failed=N} at the end; exit code 0 when every POST was acknowledged, 1 otherwise, 2 on bad usage.
 */
public final class BareClient {
    /** The marker {@code fieldnode bench} waits for. */
    public static final String FIRST_ACK = "first_ack";

    /** The values in every pack: temperature, humidity, pressure, wind speed. */
    static final int READINGS_PER_PACK = 4;

    /** The size of {@link #pack}: the floor exchange of BENCHMARKS.md. */
    public static final int PACK_BYTES = 65;

    private static final Logger LOG = LoggerFactory.getLogger(BareClient.class);
    private static final int CONTENT_FORMAT_SENML_CBOR = 112; // RFC 8428 §12.3
    private static final long TIMEOUT_MS = 10_000;

    private BareClient() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        if (args.length != 5) {
            LOG.error("usage: BareClient <coaps://host:port/path> <psk-file> <interval-ms> <count> <first-sequence>");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        List<String> psk = Files.readAllLines(Path.of(args[1]));
        String identity = value(psk, "identity");
        byte[] key = HexFormat.of().parseHex(value(psk, "key"));
        long intervalMs = Long.parseLong(args[2]);
        int count = Integer.parseInt(args[3]);
        long sequence = Long.parseLong(args[4]);

        Configuration config = configuration();
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build());
        CoapEndpoint endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(connector)
                .build();
        endpoint.start();
        int acknowledged = 0;
        int failed = 0;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Request post = Request.newPost();
            post.setURI(uri);
            // s= numbers the pack's first reading; the next pack starts after its 4 (a collector refuses an overlap
            // with other content as a conflict, 4.09)
            long first = sequence + (long) READINGS_PER_PACK * i;
            post.getOptions().addUriQuery("s=" + first).setContentFormat(CONTENT_FORMAT_SENML_CBOR);
            post.setPayload(pack(identity, System.currentTimeMillis() / 1000, 21.5f + i % 10, 48.5f, 1013f, 3.2f));
            endpoint.sendRequest(post);
            Response response = post.waitForResponse(TIMEOUT_MS);
            if (response != null && response.getCode() == ResponseCode.CHANGED) {
                if (acknowledged++ == 0) {
                    LOG.info("{} after {} ms", FIRST_ACK, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            } else {
                failed++;
                LOG.warn("POST {} not acknowledged: {}", first, response == null ? "no answer" : response);
            }
            next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
            long wait = next - System.nanoTime();
            if (wait > 0 && i + 1 < count) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        LOG.info("bare: posts={} acknowledged={} failed={}", count, acknowledged, failed);
        endpoint.destroy();
        System.exit(failed == 0 ? 0 : 1);
    }

    /** The node's client sizing, see the class comment. */
    static Configuration configuration() {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(CoapConfig.NSTART, 1);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, 1);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        return config;
    }

    /**
     * A SenML-CBOR pack (RFC 8428 §6: integer labels bn = -2, bt = -3, n = 0, v = 2) of four values, written byte by
     * byte. With a 2-character identity it is 65 bytes:
     *
     * <pre>
     * 84                                   array(4)
     *   A4 21 6F "urn:dev:ops:XX:"         map(4) bn: text(15)
     *      22 1A tttttttt                  bt: uint32 seconds
     *      00 61 "t"  02 FA ffffffff       n: "t", v: float32
     *   A2 00 62 "rh" 02 FA ffffffff       map(2) n: "rh", v: float32
     *   A2 00 61 "p"  02 FA ffffffff       map(2) n: "p", v: float32
     *   A2 00 61 "w"  02 FA ffffffff       map(2) n: "w", v: float32
     * </pre>
     */
    static byte[] pack(String identity, long epochSeconds, float t, float rh, float p, float w) {
        byte[] baseName = ("urn:dev:ops:" + identity + ":").getBytes(StandardCharsets.US_ASCII);
        if (baseName.length > 23) {
            throw new IllegalArgumentException("identity too long for a short CBOR text: " + identity);
        }
        ByteBuffer b = ByteBuffer.allocate(64 + baseName.length);
        b.put((byte) 0x84);
        b.put((byte) 0xA4).put((byte) 0x21).put((byte) (0x60 | baseName.length)).put(baseName);
        b.put((byte) 0x22).put((byte) 0x1A).putInt((int) epochSeconds);
        b.put((byte) 0x00).put((byte) 0x61).put((byte) 't');
        b.put((byte) 0x02).put((byte) 0xFA).putFloat(t);
        record(b, "rh", rh);
        record(b, "p", p);
        record(b, "w", w);
        byte[] pack = new byte[b.position()];
        b.flip().get(pack);
        return pack;
    }

    private static void record(ByteBuffer b, String name, float value) {
        b.put((byte) 0xA2).put((byte) 0x00).put((byte) (0x60 | name.length()));
        b.put(name.getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0x02).put((byte) 0xFA).putFloat(value);
    }

    private static String value(List<String> lines, String name) throws IOException {
        return lines.stream()
                .filter(line -> line.startsWith(name + "="))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst()
                .orElseThrow(() -> new IOException("PSK file: no " + name + "= line"));
    }
}
