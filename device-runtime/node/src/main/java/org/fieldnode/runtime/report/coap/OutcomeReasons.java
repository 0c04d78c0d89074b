// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.ReportResult.Cause;
import org.fieldnode.runtime.report.coap.ExchangeWatch.Outcome;

/**
 * Turns what Californium reports about one exchange into a {@link ReportResult} whose reason is one line an
 * operator can act on. Reasons name the collector and, where the key is at fault, the PSK identity; never the
 * secret. Text from the collector (diagnostic payloads) is neutralised: control characters become spaces and it is
 * shortened.
 *
 * <p>{@link #handshakeFailure} and {@link #neutralise} are public for the LwM2M client ({@code report.lwm2m}), whose
 * DTLS sessions fail the same ways.
 */
public final class OutcomeReasons {
    /**
     * Alerts that, in a PSK handshake, mean the two sides hold different keys or the collector does not know our
     * identity (RFC 4279 §2: unknown_psk_identity or decrypt_error; RFC 6347 §4.1.2.7: bad_record_mac).
     */
    private static final Set<AlertDescription> KEY_REFUSED = EnumSet.of(
            AlertDescription.DECRYPT_ERROR, AlertDescription.BAD_RECORD_MAC, AlertDescription.UNKNOWN_PSK_IDENTITY);

    /** RFC 6347 §4.2.4: the client's flight 5 carries ClientKeyExchange and the first encrypted Finished. */
    private static final int KEY_EXCHANGE_FLIGHT = 5;

    private static final int DIAGNOSTIC_LIMIT = 160;

    private final CoapReporterSettings settings;

    OutcomeReasons(CoapReporterSettings settings) {
        this.settings = settings;
    }

    ReportResult result(long sequence, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Answered answered -> answered(sequence, answered.response());
            case Outcome.Reset reset ->
                new ReportResult.Unreachable(
                        sequence,
                        "the collector at " + settings.collectorAddress()
                                + " reset the request (CoAP RST); check the collector URI",
                        Cause.COLLECTOR_ERROR);
            case Outcome.TimedOut timedOut ->
                new ReportResult.Unreachable(
                        sequence,
                        "no CoAP answer from "
                                + settings.collectorAddress() + " after all retransmissions (RFC 7252 §4.2);"
                                + " the collector may be down or overloaded",
                        Cause.NO_ANSWER);
            case Outcome.SendFailed failed -> sendFailed(sequence, failed.error());
            case Outcome.Cancelled cancelled ->
                new ReportResult.Unreachable(
                        sequence,
                        "the exchange with " + settings.collectorAddress()
                                + " was cancelled because the reporter is closing");
        };
    }

    /** Explains an exchange that had not ended when the reporter's own deadline passed. */
    ReportResult.Unreachable deadlinePassed(long sequence, ExchangeWatch watch, Duration waited) {
        return deadlinePassed(
                sequence, watch, waited, settings.collectorAddress(), "collector", settings.credentials());
    }

    /**
     * Explains an exchange that had not ended when {@code waited} passed: a handshake whose key exchange went
     * unanswered (most likely our key refused), one whose hello went unanswered, or a request without an answer.
     *
     * @param address the peer's {@code host:port}
     * @param peer what the peer is, for the reason: {@code collector}, {@code LwM2M server}
     */
    public static ReportResult.Unreachable deadlinePassed(
            long sequence,
            ExchangeWatch watch,
            Duration waited,
            String address,
            String peer,
            DtlsCredentials credentials) {
        if (watch.handshakeStarted() && !watch.sessionEstablished()) {
            if (watch.lastRetransmittedFlight() >= KEY_EXCHANGE_FLIGHT) {
                return new ReportResult.Unreachable(
                        sequence, keyRefusedSilently(address, peer, credentials), Cause.HANDSHAKE_REFUSED);
            }
            return new ReportResult.Unreachable(
                    sequence,
                    "DTLS handshake with " + address + " failed: no answer within " + seconds(waited)
                            + "; check the network and that the " + peer + " runs",
                    Cause.NO_ANSWER);
        }
        if (watch.requestSent()) {
            return new ReportResult.Unreachable(
                    sequence,
                    "no CoAP answer from " + address + " within " + seconds(waited) + "; the " + peer
                            + " may be down or overloaded",
                    Cause.NO_ANSWER);
        }
        return new ReportResult.Unreachable(
                sequence,
                "could not send to " + address + " within " + seconds(waited) + "; check the network",
                Cause.NO_ANSWER);
    }

    String unresolvable(String host) {
        return "cannot resolve the collector host '" + host + "'; check DNS and the collector URI";
    }

    private ReportResult answered(long sequence, Response response) {
        ResponseCode code = response.getCode();
        String diagnostic = neutralise(response.getPayloadString());
        if (code == ResponseCode.CREATED || code == ResponseCode.CHANGED) {
            return new ReportResult.Acknowledged(sequence);
        }
        if (code == ResponseCode.CONFLICT) {
            return new ReportResult.Conflicted(sequence, diagnostic);
        }
        if (code.isClientError()) {
            return new ReportResult.Rejected(sequence, codeText(code), diagnostic);
        }
        String answer = "the collector at " + settings.collectorAddress() + " answered " + codeText(code) + " "
                + code.name() + (diagnostic.isEmpty() ? "" : ": " + diagnostic);
        if (code == ResponseCode.SERVICE_UNAVAILABLE) {
            return new ReportResult.Unreachable(sequence, answer, Cause.COLLECTOR_BUSY);
        }
        if (code.isServerError()) {
            return new ReportResult.Unreachable(sequence, answer, Cause.COLLECTOR_ERROR);
        }
        return new ReportResult.Unreachable(
                sequence, answer + ", not 2.04 for a POST of readings; check the collector URI", Cause.COLLECTOR_ERROR);
    }

    private ReportResult.Unreachable sendFailed(long sequence, Throwable error) {
        return handshakeFailure(sequence, error, settings.collectorAddress(), "collector", settings.credentials())
                .orElseGet(() -> new ReportResult.Unreachable(
                        sequence,
                        "sending to " + settings.collectorAddress() + " failed: "
                                + error.getClass().getSimpleName() + ": "
                                + neutralise(String.valueOf(error.getMessage()))));
    }

    /**
     * Explains a failed DTLS handshake found in {@code error}'s causes: refused (our key or certificate, or no shared
     * suite), or unanswered; empty when the error is no handshake failure.
     *
     * @param address the peer's {@code host:port}
     * @param peer what the peer is, for the reason: {@code collector}, {@code LwM2M server}
     */
    public static Optional<ReportResult.Unreachable> handshakeFailure(
            long sequence, Throwable error, String address, String peer, DtlsCredentials credentials) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof HandshakeException handshake && handshake.getAlert() != null) {
                AlertDescription alert = handshake.getAlert().getDescription();
                if (KEY_REFUSED.contains(alert)) {
                    return refused(
                            sequence,
                            "DTLS handshake with " + address + " failed: the " + peer + " refused our "
                                    + credentials.describe() + "; check the provisioning credential");
                }
                if (alert == AlertDescription.HANDSHAKE_FAILURE || alert == AlertDescription.INSUFFICIENT_SECURITY) {
                    return refused(
                            sequence,
                            "DTLS handshake with " + address + " failed: alert " + alert.getDescription() + "; the "
                                    + peer + " must offer " + suite(credentials) + " with extended master secret");
                }
                return refused(sequence, "DTLS handshake with " + address + " failed: alert " + alert.getDescription());
            }
            if (cause instanceof DtlsHandshakeTimeoutException timeout) {
                if (timeout.getFlightNumber() >= KEY_EXCHANGE_FLIGHT) {
                    return refused(sequence, keyRefusedSilently(address, peer, credentials));
                }
                return Optional.of(new ReportResult.Unreachable(
                        sequence,
                        "DTLS handshake with " + address + " failed: the " + peer + " did not answer our hello;"
                                + " check the network and that the " + peer + " runs",
                        Cause.NO_ANSWER));
            }
        }
        return Optional.empty();
    }

    private static Optional<ReportResult.Unreachable> refused(long sequence, String reason) {
        return Optional.of(new ReportResult.Unreachable(sequence, reason, Cause.HANDSHAKE_REFUSED));
    }

    /**
     * A Scandium peer drops a handshake with an unknown identity or a wrong key without an alert (so that it is no
     * oracle for guessing keys): it answered our hello but never our key exchange.
     */
    private static String keyRefusedSilently(String address, String peer, DtlsCredentials credentials) {
        return "DTLS handshake with " + address + " failed: the " + peer + " answered our hello but"
                + " not our key exchange, so it most likely refused our "
                + credentials.describe()
                + "; check the provisioning credential";
    }

    /** The one cipher suite the node offers with its credential (RFC 7925). */
    private static String suite(DtlsCredentials credentials) {
        return credentials instanceof DtlsCredentials.Certificate
                ? "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (secp256r1)"
                : "TLS_PSK_WITH_AES_128_CCM_8";
    }

    static String codeText(ResponseCode code) {
        return code.codeClass + "." + (code.codeDetail < 10 ? "0" : "") + code.codeDetail;
    }

    /** One line, printable, short: peer-supplied text is never trusted into a log line (SECURITY R29). */
    public static String neutralise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), DIAGNOSTIC_LIMIT));
        for (int i = 0; i < text.length() && out.length() < DIAGNOSTIC_LIMIT; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        if (text.length() > DIAGNOSTIC_LIMIT) {
            out.append("...");
        }
        return out.toString().strip();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
