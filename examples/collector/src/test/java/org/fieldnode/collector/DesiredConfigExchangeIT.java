// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.desired.DesiredConfig;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desired configuration exchange over DTLS on loopback, as a node sees it: the configuration rides in the 2.04
 * of its next report only when newer than what it reported; its applied version and its refusal with a reason
 * land in the store; a node that does not take part, or says something malformed, still has its readings stored.
 */
class DesiredConfigExchangeIT {
    private static final String NODE = "fieldnode-c0f1";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final PskCredential key = credential();
    private SqliteReadingStore store;
    private CollectorServer collector;
    private RawDtlsClient node;

    private static PskCredential credential() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new PskCredential(NODE, secret);
    }

    @BeforeEach
    void start() throws Exception {
        store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME));
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(key))
                .store(store)
                .desiredConfigs(store.desiredConfigs())
                .build();
        collector.start();
        node = new RawDtlsClient(collector.address(), key);
    }

    @AfterEach
    void stop() {
        node.close();
        collector.close();
        store.close();
    }

    private Response report(long sequence, String configQueries) throws Exception {
        byte[] payload = SenmlCodec.encode(
                List.of(new SenmlRecord(
                        "urn:dev:ops:" + NODE + ":env0/temperature", "Cel", 21.5, T0.plusSeconds(sequence))),
                SenmlFormat.CBOR);
        String query = "s=" + sequence + (configQueries.isEmpty() ? "" : "&" + configQueries);
        return node.send(Code.POST, "r?" + query, SenmlFormat.CBOR.contentFormat(), payload);
    }

    @Test
    void configurationGoesOutWithTheAck_untilTheNodeAppliesIt() throws Exception {
        assertThat(report(1, "c=0").getPayloadSize()).as("nothing desired yet").isZero();
        DesiredConfig v1 = store.desiredConfigs().set(NODE, Map.of("interval.env0", "5m"), T0);

        Response ack = report(2, "c=0");
        assertThat(ack.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ack.getOptions().getContentFormat()).isEqualTo(DesiredConfigCodec.CONTENT_FORMAT);
        assertThat(DesiredConfigCodec.decode(ack.getPayload())).isEqualTo(v1);
        assertThat(ack.getPayloadSize()).isEqualTo(22);

        Response retransmission = report(2, "c=0");
        assertThat(DesiredConfigCodec.decode(retransmission.getPayload()))
                .as("a batch stored before is acknowledged with the configuration too")
                .isEqualTo(v1);

        Response next = report(3, "c=1");
        assertThat(next.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(next.getPayloadSize()).isZero();
        assertThat(store.desiredConfigs().status(NODE).orElseThrow().state()).isEqualTo("applied");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void refusalWithReason_isRecorded_andThatVersionIsNotSentAgain() throws Exception {
        store.desiredConfigs().set(NODE, Map.of("interval.env9", "5m"), T0);
        assertThat(report(1, "c=0").getPayloadSize()).isPositive();
        List<String> refusal =
                DesiredConfigCodec.reportQueries(0, OptionalLong.of(1), Optional.of("interval.env9: no such sensor"));

        Response ack = report(2, String.join("&", refusal));

        assertThat(ack.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ack.getPayloadSize()).isZero();
        assertThat(report(3, "c=0").getPayloadSize()).isZero();
        ConfigStatus status = store.desiredConfigs().status(NODE).orElseThrow();
        assertThat(status.state()).isEqualTo("rejected");
        assertThat(status.reason()).contains("interval.env9: no such sensor");
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void nodeWithoutC_orWithAMalformedReport_getsNoConfiguration_butItsReadingsAreStored() throws Exception {
        store.desiredConfigs().set(NODE, Map.of("queue.fsync", "per-batch"), T0);

        Response plain = report(1, "");
        Response malformed = report(2, "c=abc");
        Response negative = report(3, "c=0&cr=0");

        assertThat(List.of(plain, malformed, negative)).allSatisfy(r -> {
            assertThat(r.getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(r.getPayloadSize()).isZero();
        });
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.desiredConfigs().status(NODE).orElseThrow().applied()).isEmpty();
    }
}
