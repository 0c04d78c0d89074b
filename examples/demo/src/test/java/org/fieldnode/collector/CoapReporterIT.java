// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.fieldnode.drivers.api.Channel;
import org.fieldnode.protocol.senml.SenmlCodec;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.protocol.senml.SenmlRecord;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.coap.CoapReporter;
import org.fieldnode.runtime.report.coap.CoapReporterSettings;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's {@link CoapReporter} against the {@link CollectorServer}, both real, over DTLS on loopback. Keys are
 * made per run from a secure random source (SECURITY R10: no test secret in the sources).
 */
class CoapReporterIT {
    private static final String NODE = "fieldnode-3f9c";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    /**
     * Long enough for Scandium's first retransmission of flight 5 (after 2 s by default), which tells a refused
     * key from an unreachable collector.
     */
    private static final Duration HANDSHAKE_PROBE = Duration.ofSeconds(4);

    private final ThreadLeakCheck threads = new ThreadLeakCheck();
    private final List<StoredReading> heard = new CopyOnWriteArrayList<>();
    private final PskCredential nodeKey = credential(NODE);
    private CollectorServer collector;

    @BeforeEach
    void startCollector() {
        collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(new InMemoryPskDirectory().add(nodeKey))
                .listener(heard::add)
                .build();
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.close();
    }

    @Test
    void report_storesEveryReadingWithAuthenticatedDeviceNamesUnitsValuesTimesAndSequence() throws Exception {
        Batch batch = new Batch(
                7,
                List.of(
                        new Reading("env0", Channel.AMBIENT_TEMPERATURE, 21.5, 1, T0),
                        new Reading("env0", Channel.RELATIVE_HUMIDITY, 40.25, 2, T0),
                        new Reading("env0", Channel.PRESSURE, 101_325, 3, T0.plusMillis(1500)),
                        new Reading("lux0", Channel.ILLUMINANCE, 812.5, 4, T0.plusSeconds(2))));

        try (CoapReporter reporter = new CoapReporter(settings(nodeKey, NODE, SenmlFormat.CBOR))) {
            assertThat(reporter.report(batch)).isEqualTo(new ReportResult.Acknowledged(7));
        }

        List<StoredReading> expected = List.of(
                new StoredReading(NODE, "env0/temperature", 21.5, "Cel", T0, 7),
                new StoredReading(NODE, "env0/humidity", 40.25, "%RH", T0, 8),
                new StoredReading(NODE, "env0/pressure", 101_325, "Pa", T0.plusMillis(1500), 9),
                new StoredReading(NODE, "lux0/illuminance", 812.5, "lx", T0.plusSeconds(2), 10));
        assertThat(collector.store().all()).isEqualTo(expected);
        assertThat(heard).isEqualTo(expected);
    }

    @Test
    void report_inJson_isStoredTheSameWay() throws Exception {
        try (CoapReporter reporter = new CoapReporter(settings(nodeKey, NODE, SenmlFormat.JSON))) {
            assertThat(reporter.report(oneReading(3, 19.75))).isEqualTo(new ReportResult.Acknowledged(3));
        }

        assertThat(collector.store().all())
                .containsExactly(new StoredReading(NODE, "env0/temperature", 19.75, "Cel", T0, 3));
    }

    @Test
    void report_sameSequenceAgain_isAcknowledgedButStoredOnce() throws Exception {
        try (CoapReporter reporter = new CoapReporter(settings(nodeKey, NODE, SenmlFormat.CBOR))) {
            assertThat(reporter.report(oneReading(11, 20))).isEqualTo(new ReportResult.Acknowledged(11));
            assertThat(reporter.report(oneReading(11, 20))).isEqualTo(new ReportResult.Acknowledged(11));
            assertThat(reporter.report(oneReading(12, 21))).isEqualTo(new ReportResult.Acknowledged(12));
        }

        assertThat(collector.store().all()).extracting(StoredReading::sequence).containsExactly(11L, 12L);
        assertThat(heard).hasSize(2);
    }

    @Test
    void report_withWrongSecret_isUnreachableWithOneLineReasonAndNothingStored() throws Exception {
        PskCredential wrongKey = credential(NODE);
        ReportResult result;
        try (CoapReporter reporter = new CoapReporter(settings(wrongKey, NODE, SenmlFormat.CBOR, HANDSHAKE_PROBE))) {
            result = reporter.report(oneReading(1, 20));
        }

        assertThat(result).isInstanceOf(ReportResult.Unreachable.class);
        String reason = ((ReportResult.Unreachable) result).reason();
        assertThat(reason)
                .startsWith(
                        "DTLS handshake with 127.0.0.1:" + collector.address().getPort() + " failed: ")
                .contains("refused our pre-shared key (identity '" + NODE + "'); check the provisioning credential")
                .doesNotContain("\n");
        assertThatTextHoldsNoSecret(reason, wrongKey);
        assertThatTextHoldsNoSecret(reason, nodeKey);
        assertThat(collector.store().size()).isZero();
    }

    @Test
    void report_withUnknownIdentity_isUnreachableWithOneLineReasonAndNothingStored() throws Exception {
        PskCredential stranger = credential("stranger-01");
        ReportResult result;
        try (CoapReporter reporter =
                new CoapReporter(settings(stranger, "stranger-01", SenmlFormat.CBOR, HANDSHAKE_PROBE))) {
            result = reporter.report(oneReading(1, 20));
        }

        assertThat(result).isInstanceOf(ReportResult.Unreachable.class);
        assertThat(((ReportResult.Unreachable) result).reason())
                .contains("refused our pre-shared key (identity 'stranger-01'); check the provisioning credential");
        assertThat(collector.store().size()).isZero();
    }

    @Test
    void post_namesUnderAnotherDevice_isRejectedWith403AndNothingStored() throws Exception {
        // The reporter sends names relative to the node its session authenticates (env0/temperature); a pack that
        // names another device's series over this node's session is refused whole.
        byte[] foreign = SenmlCodec.encode(
                List.of(
                        new SenmlRecord("env0/temperature", "Cel", 1, T0),
                        new SenmlRecord("urn:dev:ops:someone-else:env0/temperature", "Cel", 1, T0)),
                SenmlFormat.CBOR);
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            Response response = client.send(Code.POST, "r?s=5", 112, foreign);

            assertThat(response.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
            assertThat(response.getPayloadString())
                    .isEqualTo("record 1: name 'urn:dev:ops:someone-else:env0/temperature' is not under this node's"
                            + " base name urn:dev:ops:" + NODE + ":");
        }
        assertThat(collector.store().size()).isZero();
    }

    @Test
    void report_withAnotherNodeIdInItsSettings_isStillFiledUnderTheAuthenticatedNode() throws Exception {
        // Names carry no node id any more: the DTLS identity alone says whose readings these are.
        try (CoapReporter reporter = new CoapReporter(settings(nodeKey, "someone-else", SenmlFormat.CBOR))) {
            assertThat(reporter.report(oneReading(5, 20))).isEqualTo(new ReportResult.Acknowledged(5));
        }
        assertThat(collector.store().all()).extracting(StoredReading::device).containsExactly(NODE);
    }

    @Test
    void post_badPayload_isRefusedWith400AndTheCodecMessageAndNothingStored() throws Exception {
        byte[] badValue =
                "[{\"bn\":\"urn:dev:ops:fieldnode-3f9c:\",\"bt\":1772366400,\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"v\":\"x\"}]"
                        .getBytes(StandardCharsets.UTF_8);
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            Response response = client.send(Code.POST, "r?s=1", SenmlFormat.JSON.contentFormat(), badValue);

            assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(response.getPayloadString()).isEqualTo("record 1: \"v\" must be a number");
        }
        assertThat(collector.store().size()).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void post_wrongContentFormat_isRefusedWith415() throws Exception {
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            Response response = client.send(Code.POST, "r?s=1", 50, "[]".getBytes(StandardCharsets.UTF_8));

            assertThat(response.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
            assertThat(response.getPayloadString())
                    .isEqualTo("Content-Format 50 is not SenML; send 112 (application/senml+cbor) or 110"
                            + " (application/senml+json)");
        }
        assertThat(collector.store().size()).isZero();
    }

    @Test
    void post_withBadSequence_isRefusedWith400_andWithoutOne_isStoredOnceBySeriesAndTime() throws Exception {
        byte[] pack = SenmlCodec.encode(
                List.of(new SenmlRecord("urn:dev:ops:" + NODE + ":env0/temperature", "Cel", 1, T0)), SenmlFormat.CBOR);
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            for (String target : List.of("r?s=", "r?s=-1", "r?s=x1", "r?s=1&s=2", "r?s=99999999999999999999")) {
                Response response = client.send(Code.POST, target, 112, pack);

                assertThat(response.getCode()).as(target).isEqualTo(ResponseCode.BAD_REQUEST);
                assertThat(response.getPayloadString())
                        .isEqualTo("malformed batch sequence: send at most one Uri-Query s=<0..2^63-1>");
            }
            assertThat(collector.store().all()).isEmpty();
            // Without s= (a client that is not a fieldnode node, issue 21): at least once, de-duplicated by series
            // and time, so the same pack twice is one reading.
            assertThat(client.send(Code.POST, "r", 112, pack).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(client.send(Code.POST, "r", 112, pack).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(collector.store().all()).hasSize(1);
            assertThat(client.send(Code.POST, "r?s=9", 112, pack).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(collector.store().all()).extracting(StoredReading::sequence).contains(9L);
    }

    @Test
    void get_onReadings_isNotAllowed() throws Exception {
        try (RawDtlsClient client = new RawDtlsClient(collector.address(), nodeKey)) {
            assertThat(client.send(Code.GET, "r", -1, null).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        }
    }

    @Test
    void plainCoapCollector_isRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new CoapReporterSettings(
                        URI.create("coap://127.0.0.1/r"), NODE, nodeKey, SenmlFormat.CBOR, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must use coaps://")
                .hasMessageContaining("SECURITY R13");
    }

    @Test
    void close_reporterAndCollector_leaveNoThreadsAndCanBeRepeated() throws Exception {
        CoapReporter reporter = new CoapReporter(settings(nodeKey, NODE, SenmlFormat.CBOR));
        assertThat(reporter.report(oneReading(1, 20))).isEqualTo(new ReportResult.Acknowledged(1));

        reporter.close();
        reporter.close();
        collector.close();
        collector.close();

        threads.assertNoNewThreads(Duration.ofSeconds(5));
        assertThatThrownBy(() -> reporter.report(oneReading(2, 20))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secret_neverShowsInToStringOrResults() throws Exception {
        CoapReporterSettings settings = settings(nodeKey, NODE, SenmlFormat.CBOR);
        try (CoapReporter reporter = new CoapReporter(settings)) {
            ReportResult result = reporter.report(oneReading(1, 20));

            assertThatTextHoldsNoSecret(settings.toString(), nodeKey);
            assertThatTextHoldsNoSecret(reporter.toString(), nodeKey);
            assertThatTextHoldsNoSecret(result.toString(), nodeKey);
        }
    }

    @Test
    void californium_writesNoPropertiesFileIntoTheWorkingDirectory() throws Exception {
        try (CoapReporter reporter = new CoapReporter(settings(nodeKey, NODE, SenmlFormat.CBOR))) {
            reporter.report(oneReading(1, 20));
        }

        assertThat(Files.exists(Path.of("Californium3.properties"))).isFalse();
    }

    private CoapReporterSettings settings(PskCredential key, String nodeId, SenmlFormat format) {
        return settings(key, nodeId, format, TIMEOUT);
    }

    private CoapReporterSettings settings(PskCredential key, String nodeId, SenmlFormat format, Duration timeout) {
        URI uri = URI.create("coaps://127.0.0.1:" + collector.address().getPort() + "/r");
        return new CoapReporterSettings(uri, nodeId, key, format, timeout);
    }

    private static Batch oneReading(long sequence, double celsius) {
        return new Batch(sequence, List.of(new Reading("env0", Channel.AMBIENT_TEMPERATURE, celsius, 0, T0)));
    }

    private static PskCredential credential(String identity) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return new PskCredential(identity, secret);
    }

    private static void assertThatTextHoldsNoSecret(String text, PskCredential key) {
        byte[] secret = key.secret();
        assertThat(text)
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
                .doesNotContain(Base64.getEncoder().encodeToString(secret))
                .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
    }
}
