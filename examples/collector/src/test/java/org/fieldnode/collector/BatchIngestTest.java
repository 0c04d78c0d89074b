// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.fieldnode.collector.BatchIngest.Verdict;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.junit.jupiter.api.Test;

/** The ingest rules without a network: what is stored, what is refused with which code, and atomicity. */
class BatchIngestTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private final ReadingStore store = new MemoryReadingStore();
    private final List<StoredReading> heard = new ArrayList<>();

    @Test
    void validBatch_isStoredWholeThenAnnounced() {
        BatchIngest ingest = new BatchIngest(store, heard::add);

        Verdict verdict = ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t", "urn:dev:ops:n1:b/t"));

        assertThat(verdict).isEqualTo(new Verdict.Stored(2));
        assertThat(store.all())
                .containsExactly(
                        new StoredReading("n1", "a/t", 1, "Cel", T0, 4),
                        new StoredReading("n1", "b/t", 1, "Cel", T0, 5));
        assertThat(heard).isEqualTo(store.all());
    }

    @Test
    void rebatchedRetransmission_storesOnlyTheReadingsNotSeenBefore() {
        BatchIngest ingest = new BatchIngest(store, heard::add);
        ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t", "urn:dev:ops:n1:b/t"));

        // After a restart the node sends readings 5 and 6 together: 5 is known, 6 is new.
        Verdict verdict = ingest.ingest("n1", 112, List.of("s=5"), pack("urn:dev:ops:n1:b/t", "urn:dev:ops:n1:c/t"));

        assertThat(verdict).isEqualTo(new Verdict.Stored(1));
        assertThat(store.all()).extracting(StoredReading::sequence).containsExactly(4L, 5L, 6L);
        assertThat(store.all()).extracting(StoredReading::name).containsExactly("a/t", "b/t", "c/t");
    }

    /** SECURITY R28: other content under stored sequence numbers is refused 4.09, never acknowledged; an event. */
    @Test
    void sameSequencesWithOtherContent_isAConflict_storesNothing_andIsASecurityEvent() {
        List<org.fieldnode.security.event.SecurityEvent> events = new ArrayList<>();
        BatchIngest ingest = new BatchIngest(
                store, heard::add, new CollectorEvents(events::add, java.time.InstantSource.system(), () -> true));
        ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t", "urn:dev:ops:n1:b/t"));

        Verdict verdict = ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:x/t", "urn:dev:ops:n1:y/t"));

        assertThat(verdict).isEqualTo(new Verdict.Conflict());
        assertThat(Verdict.Conflict.REASON).doesNotContain("n1", "sqlite", "collector.db", "4");
        assertThat(store.all()).extracting(StoredReading::name).containsExactly("a/t", "b/t");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(org.fieldnode.security.event.SecurityEventCode.SEQUENCE_CONFLICT);
            assertThat(e.nodeId()).isEqualTo("n1");
            assertThat(e.detail()).contains("batch 4", "reading 4");
        });
        // the same content again is still a plain retransmission
        assertThat(ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t", "urn:dev:ops:n1:b/t")))
                .isEqualTo(new Verdict.AlreadyStored());
    }

    /** SECURITY R29: a stored reading found damaged is an integrity event; the batch is answered 5.03, kept. */
    @Test
    void aDamagedStoredReading_isAnIntegrityEvent_andTheNodeKeepsItsBatch(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<org.fieldnode.security.event.SecurityEvent> events = new ArrayList<>();
        Path file = dir.resolve("collector.db");
        try (SqliteReadingStore sqlite = SqliteReadingStore.open(file)) {
            BatchIngest ingest = new BatchIngest(
                    sqlite, heard::add, new CollectorEvents(events::add, java.time.InstantSource.system(), () -> true));
            assertThat(ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t")))
                    .isEqualTo(new Verdict.Stored(1));
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
                c.createStatement().execute("UPDATE readings SET value = 99 WHERE sequence = 4");
            }

            Verdict verdict = ingest.ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t"));

            assertThat(verdict)
                    .isInstanceOfSatisfying(
                            Verdict.NotStored.class,
                            v -> assertThat(v.code()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE));
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.code()).isEqualTo(org.fieldnode.security.event.SecurityEventCode.INTEGRITY_FAILURE);
                assertThat(e.detail()).contains("no longer matches its digest");
            });
        }
    }

    @Test
    void oneForeignName_refusesTheWholeBatch() {
        Verdict verdict = new BatchIngest(store, heard::add)
                .ingest("n1", 112, List.of("s=4"), pack("urn:dev:ops:n1:a/t", "urn:dev:ops:n2:b/t"));

        assertThat(verdict)
                .isEqualTo(new Verdict.Refused(
                        ResponseCode.FORBIDDEN,
                        "record 1: name 'urn:dev:ops:n2:b/t' is not under this node's base name urn:dev:ops:n1:"));
        assertThat(store.size()).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void relativeNames_areFiledUnderTheAuthenticatedDevice() {
        Verdict verdict =
                new BatchIngest(store, heard::add).ingest("n1", 112, List.of("s=7"), pack("env0/temperature"));

        assertThat(verdict).isEqualTo(new Verdict.Stored(1));
        assertThat(store.all()).containsExactly(new StoredReading("n1", "env0/temperature", 1, "Cel", T0, 7));
    }

    @Test
    void relativeAndForeignNamesMixed_refuseTheWholeBatch() {
        Verdict verdict = new BatchIngest(store, heard::add)
                .ingest("n1", 112, List.of("s=4"), pack("env0/temperature", "urn:dev:ops:n2:env0/temperature"));

        assertThat(verdict)
                .isEqualTo(new Verdict.Refused(
                        ResponseCode.FORBIDDEN,
                        "record 1: name 'urn:dev:ops:n2:env0/temperature' is not under this node's base name"
                                + " urn:dev:ops:n1:"));
        assertThat(store.size()).isZero();
    }

    @Test
    void batchInSeriesRuns_isNumberedInTheOrderTheNodeSampledIt() {
        // Two cycles of two series: on the wire grouped by series (to_), numbered 20..23 in sampling order.
        List<SenmlRecord> sampled = List.of(
                new SenmlRecord("env0/temperature", "Cel", 21.4, T0),
                new SenmlRecord("env0/pressure", "Pa", 101_325, T0),
                new SenmlRecord("env0/temperature", "Cel", 21.5, T0.plusSeconds(300)),
                new SenmlRecord("env0/pressure", "Pa", 101_320, T0.plusSeconds(300)));

        Verdict verdict = new BatchIngest(store, heard::add)
                .ingest("n1", 112, List.of("s=20"), SenmlCodec.encode(sampled, SenmlFormat.CBOR));

        assertThat(verdict).isEqualTo(new Verdict.Stored(4));
        assertThat(store.all())
                .containsExactly(
                        new StoredReading("n1", "env0/temperature", 21.4, "Cel", T0, 20),
                        new StoredReading("n1", "env0/pressure", 101_325, "Pa", T0, 21),
                        new StoredReading("n1", "env0/temperature", 21.5, "Cel", T0.plusSeconds(300), 22),
                        new StoredReading("n1", "env0/pressure", 101_320, "Pa", T0.plusSeconds(300), 23));
    }

    @Test
    void sameSequenceOfAnotherDevice_isANewBatch() {
        BatchIngest ingest = new BatchIngest(store, ReadingListener.none());

        assertThat(ingest.ingest("n1", 112, List.of("s=1"), pack("urn:dev:ops:n1:a")))
                .isEqualTo(new Verdict.Stored(1));
        assertThat(ingest.ingest("n2", 112, List.of("s=1"), pack("urn:dev:ops:n2:a")))
                .isEqualTo(new Verdict.Stored(1));
        assertThat(ingest.ingest("n1", 112, List.of("s=1"), pack("urn:dev:ops:n1:a")))
                .isEqualTo(new Verdict.AlreadyStored());
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void emptyPackOrBareBaseName_isABadRequest() {
        BatchIngest ingest = new BatchIngest(store, ReadingListener.none());

        assertThat(ingest.ingest("n1", 110, List.of("s=1"), "[]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Verdict.Refused(ResponseCode.BAD_REQUEST, "payload: the pack holds no records"));
        assertThat(ingest.ingest("n1", 112, List.of("s=1"), pack("urn:dev:ops:n1:")))
                .isEqualTo(new Verdict.Refused(
                        ResponseCode.BAD_REQUEST, "record 0: name has nothing after the base name urn:dev:ops:n1:"));
    }

    @Test
    void missingContentFormat_isUnsupported() {
        Verdict verdict = new BatchIngest(store, ReadingListener.none()).ingest("n1", -1, List.of("s=1"), new byte[0]);

        assertThat(verdict)
                .isEqualTo(new Verdict.Refused(
                        ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                        "no Content-Format; send 112 (application/senml+cbor) or 110 (application/senml+json)"));
    }

    @Test
    void failingListener_doesNotUndoTheBatch() {
        BatchIngest ingest = new BatchIngest(store, reading -> {
            throw new IllegalStateException("listener bug");
        });

        assertThat(ingest.ingest("n1", 112, List.of("s=1"), pack("urn:dev:ops:n1:a")))
                .isEqualTo(new Verdict.Stored(1));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void builderWithoutAddressOrDirectory_saysWhatIsMissing() {
        assertThatThrownBy(() -> CollectorServer.builder()
                        .pskDirectory(id -> Optional.empty())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bind(address)");
        assertThatThrownBy(() ->
                        CollectorServer.builder().bind(new InetSocketAddress(0)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pskDirectory(directory)");
    }

    /** Foreign clients (WIRE-CONTRACT.md): no s=, every value type, relative times; refusals that say why. */
    @Test
    void aClientWithoutSequence_isStoredOncePerSeries_withTypesAndTimeQuality() {
        Instant now = Instant.parse("2026-12-07T16:00:00Z");
        BatchIngest ingest =
                new BatchIngest(store, heard::add, java.time.InstantSource.fixed(now), CollectorEvents.toLogger());
        byte[] json = ("[{\"bn\":\"urn:dev:ops:n1:\",\"n\":\"tank/float\",\"vb\":true,\"t\":-10},"
                        + "{\"n\":\"pump/state\",\"vs\":\"running\",\"note\":1}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(ingest.ingest("n1", 110, List.of(), json)).isEqualTo(new Verdict.Stored(2));
        assertThat(ingest.ingest("n1", 110, List.of(), json)).isEqualTo(new Verdict.AlreadyStored());
        assertThat(store.all())
                .containsExactlyInAnyOrder(
                        new StoredReading(
                                "n1",
                                "tank/float",
                                "",
                                now.minusSeconds(10),
                                StoredReading.NO_SEQUENCE,
                                new org.fieldnode.protocol.senml.SenmlValue.Flag(true),
                                null,
                                org.fieldnode.protocol.senml.SenmlTimeQuality.RELATIVE),
                        new StoredReading(
                                "n1",
                                "pump/state",
                                "",
                                now,
                                StoredReading.NO_SEQUENCE,
                                new org.fieldnode.protocol.senml.SenmlValue.Text("running"),
                                null,
                                org.fieldnode.protocol.senml.SenmlTimeQuality.RECEIPT));
    }

    @Test
    void twoValueFields_unknownMustUnderstandLabels_andAMalformedSequence_areRefused() {
        BatchIngest ingest = new BatchIngest(store, heard::add);

        assertThat(ingest.ingest("n1", 110, List.of(), bytes("[{\"n\":\"a\",\"v\":1,\"vs\":\"x\"}]")))
                .isEqualTo(new Verdict.Refused(
                        org.eclipse.californium.core.coap.CoAP.ResponseCode.BAD_REQUEST,
                        "record 0: has more than one value field (\"v\", \"vs\"); a record carries at most one"
                                + " (RFC 8428 §4.6)"));
        assertThat(ingest.ingest("n1", 110, List.of(), bytes("[{\"n\":\"a\",\"v\":1,\"alarm_\":1}]")))
                .isInstanceOfSatisfying(
                        Verdict.Refused.class,
                        r -> assertThat(r.reason())
                                .contains("unknown label \"alarm_\" must be understood (RFC 8428 §4.4)"));
        assertThat(ingest.ingest("n1", 110, List.of("s=x"), bytes("[{\"n\":\"a\",\"v\":1}]")))
                .isInstanceOfSatisfying(
                        Verdict.Refused.class, r -> assertThat(r.reason()).startsWith("malformed batch sequence"));
        assertThat(store.all()).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] pack(String... names) {
        return SenmlCodec.encode(
                Arrays.stream(names).map(n -> new SenmlRecord(n, "Cel", 1, T0)).toList(), SenmlFormat.CBOR);
    }
}
