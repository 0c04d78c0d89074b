// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.collector.update.ReleaseStore;
import org.fieldnode.protocol.desired.DesiredConfigCodec;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.protocol.update.PayloadDigest;
import org.fieldnode.protocol.update.ReleaseCheck;
import org.fieldnode.protocol.update.ReleaseFile;
import org.fieldnode.protocol.update.ReleaseManifest;
import org.fieldnode.protocol.update.SignedManifest;
import org.fieldnode.protocol.update.UpdateKeys;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 2 on loopback DTLS, as a node sees the collector: a published release assigned to it rides the
 * acknowledgement of its next report as {@code update.sequence}; its manifest and payload come from {@code /u} one
 * Block2 at a time (RFC 7959), from any block first, so a download resumes after the last kept block across a new
 * session; what the node reports about the update lands in {@code device_update}.
 */
class ReleaseDeliveryIT {
    private static final String NODE = "fieldnode-u1";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final KeyPair KEY = UpdateKeys.generate(new SecureRandom());

    @TempDir
    Path dir;

    private final PskCredential psk = credential();
    private SqliteReadingStore store;
    private CollectorServer collector;

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
                .pskDirectory(new InMemoryPskDirectory().add(psk))
                .store(store)
                .desiredConfigs(store.desiredConfigs())
                .deviceUpdates(store.deviceUpdates())
                .releases(new ReleaseStore(dir))
                .build();
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.close();
        store.close();
    }

    @Test
    void assignedRelease_ridesTheAck_andIsFetchedBlockWise_resumingFromAnyBlock() throws Exception {
        byte[] payload = new byte[10 * 1024 + 300];
        new SecureRandom().nextBytes(payload);
        ReleaseManifest manifest = new ReleaseManifest(
                "fieldnode-node",
                1,
                "0.2.0",
                MessageDigest.getInstance("SHA-256").digest(payload),
                payload.length,
                OptionalLong.empty(),
                Optional.empty());
        Path file = dir.resolve("r1.fnu");
        try (OutputStream out = Files.newOutputStream(file)) {
            ReleaseFile.writeHeader(out, SignedManifest.sign(manifest, KEY.getPrivate(), KEY.getPublic()));
            out.write(payload);
        }
        new ReleaseStore(dir).publish(file);
        store.desiredConfigs().set(NODE, Map.of(DesiredConfigCodec.UPDATE_SEQUENCE, "1"), T0);

        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        try (RawDtlsClient node = new RawDtlsClient(collector.address(), psk, false)) {
            Response ack = report(node, 1, "c=0&u=0");
            assertThat(DesiredConfigCodec.decode(ack.getPayload()).updateSequence())
                    .hasValue(1);

            Response m = node.send(Code.GET, "u/1/m", -1, null);
            assertThat(m.getCode()).isEqualTo(ResponseCode.CONTENT);
            ReleaseManifest checked =
                    new ReleaseCheck("fieldnode-node", 0, KEY.getPublic(), Set.of()).check(m.getPayload());
            assertThat(checked).isEqualTo(manifest);
            Response first = node.getBlock("u/1/p", 6, 0); // asks for 1024, is answered in the collector's 512
            assertThat(first.getOptions().getBlock2().getSize()).isEqualTo(512);
            assertThat(first.getOptions().getBlock2().isM()).isTrue();
            kept.write(first.getPayload());
            for (int block = 1; block < 8; block++) {
                Response r = node.getBlock("u/1/p", 5, block);
                assertThat(r.getOptions().getBlock2().getNum()).isEqualTo(block);
                assertThat(r.getPayloadSize()).isEqualTo(512);
                kept.write(r.getPayload());
            }
            report(node, 2, "c=1&u=0&us=downloading&ut=1&ub=4096");
            assertThat(store.deviceUpdates().all().get(NODE))
                    .extracting(DeviceUpdates.DeviceUpdate::state, DeviceUpdates.DeviceUpdate::received)
                    .containsExactly("downloading", 4096L);
        }
        try (RawDtlsClient restarted = new RawDtlsClient(collector.address(), psk, false)) {
            for (int block = 8; ; block++) {
                Response r = restarted.getBlock("u/1/p", 5, block);
                kept.write(r.getPayload());
                if (!r.getOptions().getBlock2().isM()) {
                    break;
                }
            }
        }
        PayloadDigest digest = new PayloadDigest(manifest);
        digest.update(kept.toByteArray(), 0, kept.size());
        digest.finish();
        assertThat(kept.toByteArray()).isEqualTo(payload);
    }

    @Test
    void anUnknownRelease_isNotFound() throws Exception {
        try (RawDtlsClient node = new RawDtlsClient(collector.address(), psk, false)) {
            assertThat(node.send(Code.GET, "u/9/m", -1, null).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(node.getBlock("u/9/p", 5, 0).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        }
    }

    private static Response report(RawDtlsClient node, long sequence, String queries) throws Exception {
        byte[] senml = SenmlCodec.encode(
                List.of(new SenmlRecord(
                        "urn:dev:ops:" + NODE + ":env0/temperature", "Cel", 21.5, T0.plusSeconds(sequence))),
                SenmlFormat.CBOR);
        Response ack = node.send(Code.POST, "r?s=" + sequence + "&" + queries, SenmlFormat.CBOR.contentFormat(), senml);
        assertThat(ack.getCode()).isEqualTo(ResponseCode.CHANGED);
        return ack;
    }
}
