// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.ReportResult.Cause;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;
import org.fieldnode.security.psk.PskCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutcomeReasonsTest {
    private static final String KEY_REFUSED = "DTLS handshake with 127.0.0.1:5684 failed: the collector refused our"
            + " pre-shared key (identity 'node-1'); check the provisioning credential";

    private final OutcomeReasons reasons = new OutcomeReasons(new CoapReporterSettings(
            URI.create("coaps://127.0.0.1/r"),
            "node-1",
            new PskCredential("node-1", new byte[16]),
            SenmlFormat.CBOR,
            Duration.ofSeconds(10)));

    @ParameterizedTest
    @EnumSource(
            value = ResponseCode.class,
            names = {"CREATED", "CHANGED"})
    void createdOrChanged_isAcknowledged(ResponseCode code) {
        assertThat(reasons.result(4, answer(code, ""))).isEqualTo(new ReportResult.Acknowledged(4));
    }

    @Test
    void clientError_isRejectedWithCodeAndNeutralisedDiagnostic() {
        assertThat(reasons.result(4, answer(ResponseCode.BAD_REQUEST, "record 2: \"v\" must be a number\r\nX")))
                .isEqualTo(new ReportResult.Rejected(4, "4.00", "record 2: \"v\" must be a number  X"));
        assertThat(reasons.result(4, answer(ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "")))
                .isEqualTo(new ReportResult.Rejected(4, "4.15", ""));
    }

    /** SECURITY R28: 4.09 keeps the batch (Conflicted), unlike the other 4.xx that give it up. */
    @Test
    void conflict_isConflictedNotRejected() {
        assertThat(reasons.result(4, answer(ResponseCode.CONFLICT, "stored before with other content")))
                .isEqualTo(new ReportResult.Conflicted(4, "stored before with other content"));
    }

    @Test
    void serverError_isUnreachable() {
        assertThat(reasons.result(4, answer(ResponseCode.SERVICE_UNAVAILABLE, "busy")))
                .isEqualTo(new ReportResult.Unreachable(
                        4,
                        "the collector at 127.0.0.1:5684 answered 5.03 SERVICE_UNAVAILABLE: busy",
                        Cause.COLLECTOR_BUSY));
        assertThat(((ReportResult.Unreachable) reasons.result(4, answer(ResponseCode.INTERNAL_SERVER_ERROR, "")))
                        .cause())
                .isEqualTo(Cause.COLLECTOR_ERROR);
    }

    @Test
    void otherSuccess_isUnreachableBecauseNothingWasAcknowledged() {
        assertThat(((ReportResult.Unreachable) reasons.result(4, answer(ResponseCode.CONTENT, ""))).reason())
                .isEqualTo("the collector at 127.0.0.1:5684 answered 2.05 CONTENT, not 2.04 for a POST of readings;"
                        + " check the collector URI");
    }

    @ParameterizedTest
    @EnumSource(
            value = AlertDescription.class,
            names = {"DECRYPT_ERROR", "BAD_RECORD_MAC", "UNKNOWN_PSK_IDENTITY"})
    void keyAlerts_sayThePreSharedKeyWasRefused(AlertDescription alert) {
        HandshakeException error =
                new HandshakeException("Received 'fatal alert'", new AlertMessage(AlertLevel.FATAL, alert));

        assertThat(reasons.result(4, new Outcome.SendFailed(new IOException("wrapped", error))))
                .isEqualTo(new ReportResult.Unreachable(4, KEY_REFUSED, Cause.HANDSHAKE_REFUSED));
    }

    @Test
    void handshakeFailureAlert_namesTheRequiredSuite() {
        HandshakeException error = new HandshakeException(
                "no suite", new AlertMessage(AlertLevel.FATAL, AlertDescription.HANDSHAKE_FAILURE));

        assertThat(((ReportResult.Unreachable) reasons.result(4, new Outcome.SendFailed(error))).reason())
                .isEqualTo("DTLS handshake with 127.0.0.1:5684 failed: alert handshake_failure; the collector must"
                        + " offer TLS_PSK_WITH_AES_128_CCM_8 with extended master secret");
    }

    @Test
    void handshakeTimeout_tellsHelloFromKeyExchange() {
        assertThat(reasons.result(4, new Outcome.SendFailed(new DtlsHandshakeTimeoutException("t", 1))))
                .isEqualTo(new ReportResult.Unreachable(
                        4,
                        "DTLS handshake with 127.0.0.1:5684 failed: the collector did not answer our hello; check"
                                + " the network and that the collector runs",
                        Cause.NO_ANSWER));
        assertThat(((ReportResult.Unreachable)
                                reasons.result(4, new Outcome.SendFailed(new DtlsHandshakeTimeoutException("t", 5))))
                        .cause())
                .isEqualTo(Cause.HANDSHAKE_REFUSED);
        assertThat(((ReportResult.Unreachable)
                                reasons.result(4, new Outcome.SendFailed(new DtlsHandshakeTimeoutException("t", 5))))
                        .reason())
                .contains("most likely refused our pre-shared key (identity 'node-1')");
    }

    @Test
    void deadline_explainsHowFarTheExchangeGot() {
        ExchangeWatch helloUnanswered = new ExchangeWatch();
        helloUnanswered.onConnecting();
        helloUnanswered.onDtlsRetransmission(1);
        ExchangeWatch keyUnanswered = new ExchangeWatch();
        keyUnanswered.onConnecting();
        keyUnanswered.onDtlsRetransmission(5);
        ExchangeWatch requestUnanswered = new ExchangeWatch();
        requestUnanswered.onSent(false);

        assertThat(reasons.deadlinePassed(4, helloUnanswered, Duration.ofSeconds(10)))
                .isEqualTo(new ReportResult.Unreachable(
                        4,
                        "DTLS handshake with 127.0.0.1:5684 failed: no answer within 10 s; check the network and"
                                + " that the collector runs",
                        Cause.NO_ANSWER));
        ReportResult.Unreachable key = reasons.deadlinePassed(4, keyUnanswered, Duration.ofSeconds(10));
        assertThat(key.reason())
                .contains("refused our pre-shared key (identity 'node-1'); check the provisioning credential");
        assertThat(key.cause()).isEqualTo(Cause.HANDSHAKE_REFUSED);
        assertThat(reasons.deadlinePassed(4, requestUnanswered, Duration.ofMillis(1500)))
                .isEqualTo(new ReportResult.Unreachable(
                        4,
                        "no CoAP answer from 127.0.0.1:5684 within 1500 ms; the collector may be down or overloaded",
                        Cause.NO_ANSWER));
    }

    @Test
    void resetAndCoapTimeout_areUnreachable() {
        assertThat(((ReportResult.Unreachable) reasons.result(4, new Outcome.Reset())).cause())
                .isEqualTo(Cause.COLLECTOR_ERROR);
        ReportResult.Unreachable timedOut = (ReportResult.Unreachable) reasons.result(4, new Outcome.TimedOut());
        assertThat(timedOut.reason()).startsWith("no CoAP answer from 127.0.0.1:5684 after all retransmissions");
        assertThat(timedOut.cause()).isEqualTo(Cause.NO_ANSWER);
    }

    @Test
    void longDiagnostic_isShortened() {
        String reason =
                ((ReportResult.Rejected) reasons.result(4, answer(ResponseCode.FORBIDDEN, "x".repeat(500)))).reason();

        assertThat(reason).hasSize(163).endsWith("...");
    }

    private static Outcome answer(ResponseCode code, String payload) {
        Response response = new Response(code);
        response.setPayload(payload);
        return new Outcome.Answered(response);
    }
}
