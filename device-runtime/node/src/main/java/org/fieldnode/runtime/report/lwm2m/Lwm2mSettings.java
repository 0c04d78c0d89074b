// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.lwm2m;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.report.coap.DtlsCredentials;

/**
 * Where and how an {@link Lwm2mReporter} reports.
 *
 * @param server the LwM2M server, {@code coaps://HOST[:PORT]} without a path: {@code coaps} only (SECURITY R13),
 *     port 5684 when none is given (RFC 7252 §6.2)
 * @param endpoint the LwM2M endpoint client name the node registers with; the node id unless the profile names one
 * @param credentials the DTLS credential: a pre-shared key, or the node's enrolled certificate and key from the
 *     keystore with the pinned anchors its server's chain must end at (SECURITY R14–R16)
 * @param bootstrap whether {@code server} is a bootstrap server (LwM2M 1.1 §5.2.5, client initiated)
 * @param lifetime the registration lifetime; the node updates its registration before it runs out
 * @param format how SEND carries readings: {@link SenmlFormat#CBOR} (SenML-CBOR, 112) or JSON (SenML-JSON, 110)
 * @param exchangeTimeout how long one request (registration, SEND) waits for the server, handshake included
 * @param link CoAP and DTLS retransmission settings for the uplink
 * @param device what the Device object (3) says about the node
 */
public record Lwm2mSettings(
        URI server,
        String endpoint,
        DtlsCredentials credentials,
        boolean bootstrap,
        Duration lifetime,
        SenmlFormat format,
        Duration exchangeTimeout,
        LinkSettings link,
        DeviceDescription device) {
    /** The default port of {@code coaps} (RFC 7252 §12.7). */
    public static final int DEFAULT_COAPS_PORT = 5684;

    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public Lwm2mSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(device, "device");
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coaps")) {
            throw new IllegalArgumentException("LwM2M server URI must use coaps:// (DTLS), got '" + server
                    + "': plain coap:// would send readings unprotected (SECURITY R13)");
        }
        if (server.getHost() == null || server.getHost().isEmpty()) {
            throw new IllegalArgumentException("LwM2M server URI '" + server + "' has no host");
        }
        if ((server.getRawPath() != null && server.getRawPath().length() > 1)
                || server.getRawQuery() != null
                || server.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "LwM2M server URI '" + server + "' must be coaps://HOST[:PORT], without a path or query");
        }
        if (!ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException(
                    "endpoint must be 1..128 of A-Z a-z 0-9 . _ : -, got '" + endpoint + "'");
        }
        if (lifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("lifetime must be >= 10s, got " + lifetime);
        }
        if (exchangeTimeout.isNegative() || exchangeTimeout.isZero()) {
            throw new IllegalArgumentException("exchangeTimeout must be > 0, got " + exchangeTimeout);
        }
    }

    /** The server's port, {@value #DEFAULT_COAPS_PORT} when the URI names none. */
    public int serverPort() {
        return server.getPort() < 0 ? DEFAULT_COAPS_PORT : server.getPort();
    }

    /**
     * What the Device object (3) says: manufacturer and model from the board, the opaque node id as serial number
     * (never a hardware serial: SECURITY R1, R22), fieldnode's version as software version.
     */
    public record DeviceDescription(String manufacturer, String model, String serial, String softwareVersion) {
        public DeviceDescription {
            Objects.requireNonNull(manufacturer, "manufacturer");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(softwareVersion, "softwareVersion");
        }

        /**
         * From the profile's {@code board} compatible ({@code raspberrypi,4b}: manufacturer {@code raspberrypi},
         * model {@code 4b}; {@code simulated}: manufacturer {@code fieldnode}, model {@code simulated}).
         */
        public static DeviceDescription of(String board, String nodeId, String softwareVersion) {
            int comma = board.indexOf(',');
            return comma < 0
                    ? new DeviceDescription("fieldnode", board, nodeId, softwareVersion)
                    : new DeviceDescription(
                            board.substring(0, comma), board.substring(comma + 1), nodeId, softwareVersion);
        }
    }
}
