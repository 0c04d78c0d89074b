// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.testing.FuzzRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the running collector's CoAP resources over real DTLS on loopback, from an enrolled (PSK) peer
 * (SECURITY R35, R36): random methods, paths, queries, content formats and damaged SenML payloads as well-formed
 * CoAP requests, and then random bytes as raw CoAP datagrams inside the DTLS session. Every request is answered
 * within the client's bound; a refused request stores nothing (the store's count is unchanged); an error response
 * carries no internal detail (no exception or class name, one line); and the collector still takes a valid batch
 * afterwards.
 */
class CoapRequestFuzzIT {
    private static final String NODE = "fieldnode-f022";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final PskCredential nodeKey = credential(NODE);
    private CollectorServer collector;

    @BeforeEach
    void start() {
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(nodeKey))
                .build();
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
    }

    /** One CoAP request as the fuzzer builds it. */
    record FuzzRequest(Code method, String pathAndQuery, int contentFormat, byte[] payload) {
        @Override
        public String toString() {
            return method + " " + pathAndQuery + " cf=" + contentFormat + " payload="
                    + java.util.HexFormat.of().formatHex(payload);
        }
    }

    @Test
    void anyRequest_isAnsweredAndARefusalStoresNothing() throws Exception {
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            Arbitrary<FuzzRequest> requests = Combinators.combine(
                            Arbitraries.of(
                                    Code.POST, Code.POST, Code.POST, Code.GET, Code.PUT, Code.DELETE, Code.FETCH),
                            Arbitraries.oneOf(
                                    Arbitraries.of(
                                            "r",
                                            "r?s=0",
                                            "r?s=7",
                                            "r?s=-1",
                                            "r?s=99999999999999999999",
                                            "r?s=1&s=2",
                                            "r?s=0x10",
                                            "r?x=1",
                                            "",
                                            ".well-known/core",
                                            "r/r",
                                            "%00"),
                                    Arbitraries.strings().ofMaxLength(40).map(s -> "r?s=" + s),
                                    Arbitraries.strings().alpha().ofMaxLength(12)),
                            Arbitraries.of(-1, 110, 112, 0, 50, 60, 65535),
                            FuzzRun.mutationsOf(seeds()))
                    // Californium's client sends no payload with GET or DELETE; raw datagrams below do.
                    .as((method, path, format, payload) -> new FuzzRequest(
                            method, path, format, method == Code.GET || method == Code.DELETE ? new byte[0] : payload));
            int[] stored = {collector.store().size()};
            FuzzRun.run("collector-coap-fuzz", requests, 600, Duration.ofSeconds(15), request -> {
                Response response = client.send(
                        request.method(), request.pathAndQuery(), request.contentFormat(), request.payload());
                int now = collector.store().size();
                if (response.isSuccess()) {
                    // Only a POST to /r stores; Californium's discovery (GET /.well-known/core) is the one other
                    // success, and only inside an authenticated session.
                    boolean discovery = request.method() == Code.GET
                            && request.pathAndQuery().startsWith(".well-known/core");
                    assertThat(response.getCode()).isEqualTo(discovery ? ResponseCode.CONTENT : ResponseCode.CHANGED);
                    assertThat(now).isGreaterThanOrEqualTo(stored[0]);
                } else {
                    assertThat(now).as("a refused request stores nothing").isEqualTo(stored[0]);
                    assertNoInternalDetail(response);
                }
                stored[0] = now;
            });
            assertThat(collector.store().all())
                    .allSatisfy(r -> assertThat(r.device()).isEqualTo(NODE));
        }
    }

    @Test
    void rawDatagramsInsideTheSession_storeNothingAndTheCollectorStillServes() throws Exception {
        PskCredential rawKey = credential("fieldnode-raw1");
        collector.close();
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(nodeKey).add(rawKey))
                .build();
        collector.start();
        List<RawData> answers = new CopyOnWriteArrayList<>();
        DTLSConnector raw = rawConnector(rawKey);
        raw.setRawDataReceiver(answers::add);
        raw.start();
        try {
            List<byte[]> seeds = new ArrayList<>();
            // A CON POST /r?s=0 with Content-Format 112 and a valid pack, as the node sends it (RFC 7252 §3).
            byte[] pack = seeds().get(0);
            byte[] header = java.util.HexFormat.of().parseHex("4402a1b2" + "01" + "b172" + "43733d30" + "1170" + "ff");
            byte[] post = new byte[header.length + pack.length];
            System.arraycopy(header, 0, post, 0, header.length);
            System.arraycopy(pack, 0, post, header.length, pack.length);
            seeds.add(post);
            seeds.add(java.util.HexFormat.of().parseHex("4001a1b2b172")); // CON GET /r
            seeds.add(new byte[] {0x60, 0x00, 0x12, 0x34}); // empty ACK
            FuzzRun.run("collector-coap-fuzz", FuzzRun.mutationsOf(seeds), 1500, Duration.ofSeconds(2), datagram -> {
                raw.send(RawData.outbound(datagram, new AddressEndpointContext(collector.address()), null, false));
                Thread.sleep(1); // a few hundred datagrams a second: fuzzing, not flooding
            });
            Thread.sleep(500);
            // Mutated copies of a valid POST may be valid themselves; anything stored is under the session's identity.
            assertThat(collector.store().all())
                    .allSatisfy(r -> assertThat(r.device()).isEqualTo(rawKey.identity()));
            assertThat(answers).as("the collector answered some datagrams").isNotEmpty();
            try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
                int stored = collector.store().size();
                Response ok = client.send(Code.POST, "r?s=100", 112, seeds().get(0));
                assertThat(ok.getCode()).isEqualTo(ResponseCode.CHANGED);
                assertThat(collector.store().size()).isEqualTo(stored + 1);
            }
        } finally {
            raw.destroy();
        }
    }

    /** R36: an error response names what was wrong with the request, never how the collector is built. */
    private static void assertNoInternalDetail(Response response) {
        String text = response.getPayloadString();
        assertThat(text)
                .doesNotContain("Exception")
                .doesNotContain("org.")
                .doesNotContain("java.")
                .doesNotContain("\tat ")
                .doesNotContain("\n");
    }

    private List<byte[]> seeds() {
        String base = "urn:dev:ops:" + NODE + ":";
        List<SenmlRecord> one = List.of(new SenmlRecord(base + "env0/temperature", "Cel", 21.5, T0));
        List<SenmlRecord> four = List.of(
                new SenmlRecord(base + "env0/temperature", "Cel", 21.5, T0),
                new SenmlRecord(base + "env0/humidity", "%RH", 40.25, T0),
                new SenmlRecord(base + "env0/pressure", "Pa", 101_325, T0.plusMillis(1500)),
                new SenmlRecord(base + "lux0/illuminance", "lx", 812.5, T0.plusSeconds(2)));
        return List.of(
                SenmlCodec.encode(one, SenmlFormat.CBOR),
                SenmlCodec.encode(four, SenmlFormat.CBOR),
                SenmlCodec.encode(four, SenmlFormat.JSON));
    }

    private static DTLSConnector rawConnector(PskCredential psk) {
        Configuration config = new Configuration(DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        return new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.secret()))
                .build());
    }

    static PskCredential credential(String identity) {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return new PskCredential(identity, key);
    }
}
