// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.install;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks a collector whether it is there without any credentials: sends one DTLS 1.2 ClientHello with no cookie and
 * waits for any DTLS record back. A DTLS server answers such a hello with a HelloVerifyRequest (RFC 6347 §4.2.1)
 * before it looks at keys, so an answer proves the address, the route and the UDP port, and nothing more; the
 * handshake proper is the node's business. No state is left on the server (that is the point of the cookie).
 */
final class CollectorProbe {
    static final int DEFAULT_PORT = 5684; // RFC 7252 §12.7: coaps

    private static final int DTLS_1_2 = 0xFEFD;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CONTENT_ALERT = 21;
    private static final int HANDSHAKE_CLIENT_HELLO = 1;
    private static final int HANDSHAKE_HELLO_VERIFY_REQUEST = 3;
    private static final int TLS_PSK_WITH_AES_128_CCM_8 = 0xC0A8; // RFC 6655
    private static final int TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 = 0xC0AE; // RFC 7251
    private static final int EXTENDED_MASTER_SECRET = 0x0017; // RFC 7627
    private static final int RECORD_HEADER = 13; // RFC 6347 §4.1
    private static final int HANDSHAKE_HEADER = 12; // RFC 6347 §4.2.2

    /** What came back. */
    record Answer(boolean reachable, String detail) {}

    private CollectorProbe() {}

    static Answer probe(URI collector, Duration timeout) {
        String host = collector.getHost();
        int port = collector.getPort() < 0 ? DEFAULT_PORT : collector.getPort();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return new Answer(false, "cannot resolve " + host);
        }
        byte[] hello = clientHello(new SecureRandom());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(address, port));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.send(new DatagramPacket(hello, hello.length));
            byte[] buffer = new byte[1500];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            return new Answer(
                    true,
                    "%s:%d (%s) answered: %s"
                            .formatted(host, port, address.getHostAddress(), describe(buffer, reply.getLength())));
        } catch (PortUnreachableException e) {
            return new Answer(false, "%s:%d (%s): UDP port closed".formatted(host, port, address.getHostAddress()));
        } catch (SocketTimeoutException e) {
            return new Answer(
                    false,
                    "%s:%d (%s): no answer within %d ms"
                            .formatted(host, port, address.getHostAddress(), timeout.toMillis()));
        } catch (IOException e) {
            return new Answer(false, "%s:%d: %s".formatted(host, port, e.getMessage()));
        }
    }

    /**
     * A DTLS 1.2 ClientHello in one record: epoch 0, sequence 0, message sequence 0, unfragmented, no session id,
     * no cookie, the RFC 7925 suites, no compression, the extended-master-secret extension.
     */
    static byte[] clientHello(SecureRandom random) {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.putShort((short) DTLS_1_2); // client_version
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        body.put(nonce); // random (RFC 5246 §7.4.1.2)
        body.put((byte) 0); // session_id: empty
        body.put((byte) 0); // cookie: empty, so the server answers with HelloVerifyRequest
        body.putShort((short) 4).putShort((short) TLS_PSK_WITH_AES_128_CCM_8).putShort((short)
                TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
        body.put((byte) 1).put((byte) 0); // compression_methods: null only
        body.putShort((short) 4).putShort((short) EXTENDED_MASTER_SECRET).putShort((short) 0);
        int bodyLength = body.position();

        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + HANDSHAKE_HEADER + bodyLength);
        record.put((byte) CONTENT_HANDSHAKE).putShort((short) DTLS_1_2);
        record.putShort((short) 0); // epoch
        record.putShort((short) 0).putInt(0); // 48-bit sequence number
        record.putShort((short) (HANDSHAKE_HEADER + bodyLength));
        record.put((byte) HANDSHAKE_CLIENT_HELLO);
        put24(record, bodyLength); // length
        record.putShort((short) 0); // message_seq
        put24(record, 0); // fragment_offset
        put24(record, bodyLength); // fragment_length
        record.put(body.array(), 0, bodyLength);
        return record.array();
    }

    private static void put24(ByteBuffer buffer, int value) {
        buffer.put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
    }

    private static String describe(byte[] reply, int length) {
        if (length >= RECORD_HEADER + 1) {
            int type = reply[0] & 0xFF;
            if (type == CONTENT_HANDSHAKE && (reply[RECORD_HEADER] & 0xFF) == HANDSHAKE_HELLO_VERIFY_REQUEST) {
                return "DTLS HelloVerifyRequest";
            }
            if (type == CONTENT_ALERT) {
                return "a DTLS alert";
            }
            if (type == CONTENT_HANDSHAKE) {
                return "a DTLS handshake message";
            }
        }
        return length + " bytes that are not DTLS";
    }
}
