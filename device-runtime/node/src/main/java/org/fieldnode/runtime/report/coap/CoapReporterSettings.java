// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.protocol.SeriesNames;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.security.psk.PskCredential;

/**
 * Where and how a {@link CoapReporter} reports.
 *
 * @param collector the collector's readings resource, e.g. {@code coaps://collector.local/r}; {@code coaps} only
 *     (SECURITY R13), port 5684 when none is given (RFC 7252 §6.2), no query or fragment (the reporter adds its
 *     own query)
 * @param nodeId the opaque node id used in SenML names {@code urn:dev:ops:<nodeId>:} (RFC 8428 §4.5.1, R22):
 *     1 to 64 of {@code A-Z a-z 0-9 . _ -}
 * @param credentials how the node authenticates its DTLS session: a pre-shared key (development, demo) or its
 *     enrolled certificate (SECURITY R14–R16); no secret appears in {@link #toString()}
 * @param format the SenML representation posted; {@link SenmlFormat#CBOR} is the small one
 * @param exchangeTimeout how long one {@link CoapReporter#report} waits for the collector, handshake included
 * @param link CoAP and DTLS retransmission settings for the uplink
 * @param sessionState a file where the DTLS session is kept across restarts (encrypted), or empty to keep none
 */
public record CoapReporterSettings(
        URI collector,
        String nodeId,
        DtlsCredentials credentials,
        SenmlFormat format,
        Duration exchangeTimeout,
        LinkSettings link,
        Optional<Path> sessionState) {
    /** A pre-shared key, default link settings, no session kept across restarts. */
    public CoapReporterSettings(
            URI collector, String nodeId, PskCredential psk, SenmlFormat format, Duration exchangeTimeout) {
        this(collector, nodeId, psk, format, exchangeTimeout, LinkSettings.defaults(), Optional.empty());
    }

    /** A pre-shared key (the development and demo mode). */
    public CoapReporterSettings(
            URI collector,
            String nodeId,
            PskCredential psk,
            SenmlFormat format,
            Duration exchangeTimeout,
            LinkSettings link,
            Optional<Path> sessionState) {
        this(collector, nodeId, new DtlsCredentials.Psk(psk), format, exchangeTimeout, link, sessionState);
    }

    /** The default port of {@code coaps} (RFC 7252 §12.7). */
    public static final int DEFAULT_COAPS_PORT = 5684;

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public CoapReporterSettings {
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(sessionState, "sessionState");
        String scheme =
                collector.getScheme() == null ? "" : collector.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coaps")) {
            throw new IllegalArgumentException("collector URI must use coaps:// (DTLS), got '" + collector
                    + "': plain coap:// would send readings unprotected (SECURITY R13)");
        }
        if (collector.getHost() == null || collector.getHost().isEmpty()) {
            throw new IllegalArgumentException("collector URI '" + collector + "' has no host");
        }
        if (collector.getRawPath() == null || collector.getRawPath().length() <= 1) {
            throw new IllegalArgumentException(
                    "collector URI '" + collector + "' has no resource path, e.g. coaps://host/r");
        }
        if (collector.getRawQuery() != null || collector.getRawFragment() != null) {
            throw new IllegalArgumentException("collector URI '" + collector
                    + "' must not have a query or fragment: the reporter adds the query s=<sequence>");
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException(
                    "nodeId must be 1..64 of A-Z a-z 0-9 . _ - (it goes into SenML names), got '" + nodeId + "'");
        }
        if (credentials instanceof DtlsCredentials.Certificate c
                && !c.identity().nodeId().value().equals(nodeId)) {
            throw new IllegalArgumentException("nodeId '" + nodeId + "' is not the certificate's node "
                    + c.identity().nodeId() + ": the collector names readings after the certificate (SECURITY R16)");
        }
        if (exchangeTimeout.isNegative() || exchangeTimeout.isZero()) {
            throw new IllegalArgumentException("exchangeTimeout must be > 0, got " + exchangeTimeout);
        }
    }

    /** The collector's port, {@value #DEFAULT_COAPS_PORT} when the URI names none. */
    public int collectorPort() {
        return collector.getPort() < 0 ? DEFAULT_COAPS_PORT : collector.getPort();
    }

    /** {@code host:port} of the collector, as operators read it in reasons and logs. */
    String collectorAddress() {
        return collector.getHost() + ":" + collectorPort();
    }

    /** The base name of every record this node sends: {@code urn:dev:ops:<nodeId>:}. */
    public String baseName() {
        return SeriesNames.baseName(nodeId);
    }
}
