// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The profile's {@code report:} section (where and how readings go) and its {@code link:} (CoAP/DTLS timing). Every
 * key has a default, so a kit may leave the section out: the command line (or the provisioning bundle) names the
 * collector and the credentials, which differ per node while the kit does not.
 */
final class ReportSection {
    static final ProfileKey.Text COLLECTOR = ProfileKey.Text.optional(
            "collector",
            "the collector, coaps://HOST[:PORT]/PATH; readings travel only over DTLS (run --collector overrides it)");
    static final ProfileKey.Choice FORMAT = ProfileKey.Choice.withoutSuggestion(
            "format",
            List.of("cbor", "json"),
            ReportConfig.DEFAULT_FORMAT,
            "SenML as CBOR (RFC 8428 §6, content-format 112, the smaller) or JSON (110, readable in a capture)");
    static final ProfileKey.Text PSK_FILE = ProfileKey.Text.optional(
            "psk-file",
            "development mode: the file with the node's pre-shared key, identity=... and key=<hex>, mode 0600");
    static final ProfileKey.WholeNumber BATCH_READINGS = new ProfileKey.WholeNumber(
            "batch-readings",
            1,
            1024,
            ReportConfig.DEFAULT_MAX_BATCH_READINGS,
            Integer.toString(ReportConfig.DEFAULT_MAX_BATCH_READINGS),
            "the most readings one message carries; the reporter cuts a batch to what fits one datagram");
    static final ProfileKey.Nested LINK =
            new ProfileKey.Nested("link", "mapping, see report.link", false, "CoAP and DTLS retransmission timing");
    /** At least 10 s, so that health reports cannot crowd out readings on a metered link. */
    static final ProfileKey.Span HEALTH_INTERVAL = new ProfileKey.Span(
            "health-interval",
            Duration.ofSeconds(10),
            Duration.ofDays(1),
            ReportConfig.DEFAULT_HEALTH_INTERVAL,
            "how often the node queues a health report (battery, queue depth, dropped, uptime) with its readings");

    static final ProfileKey.Span START_DELAY = new ProfileKey.Span(
            "start-delay",
            Duration.ZERO,
            Duration.ofHours(1),
            ReportConfig.DEFAULT_START_DELAY,
            "the longest random wait before the first report, so a village's nodes do not all report after a power"
                    + " cut");
    static final ProfileKey.Span DRAIN_GAP = new ProfileKey.Span(
            "drain-gap",
            Duration.ZERO,
            Duration.ofMinutes(10),
            ReportConfig.DEFAULT_DRAIN_GAP,
            "the least time between two batches of a backlog, to spare a shared uplink");
    static final ProfileKey.Span INTERVAL = new ProfileKey.Span(
            "interval",
            Duration.ZERO,
            Duration.ofHours(24),
            ReportConfig.DEFAULT_INTERVAL,
            "how long readings are held to go together (fewer bytes on a metered link); 0 sends each at once");

    static final ProfileKey.Choice PROTOCOL = ProfileKey.Choice.withoutSuggestion(
            "protocol",
            List.of("coap", "lwm2m"),
            "coap",
            "coap: a fieldnode collector (report.collector); lwm2m: an OMA LwM2M 1.1 server (report.server), see"
                    + " device-runtime/node/LWM2M.md");
    static final ProfileKey.Text SERVER = ProfileKey.Text.optional(
            "server", "protocol lwm2m only: the LwM2M (or bootstrap) server, coaps://HOST[:PORT] without a path");
    static final ProfileKey.Text ENDPOINT = ProfileKey.Text.matching(
            "endpoint",
            "[A-Za-z0-9._:-]{1,128}",
            "1 to 128 of A-Z a-z 0-9 . _ : -",
            "protocol lwm2m only: the LwM2M endpoint client name; the node id when absent (what a node with a"
                    + " certificate must use)");
    static final ProfileKey.Span LIFETIME = new ProfileKey.Span(
            "lifetime",
            Duration.ofSeconds(10),
            Duration.ofDays(30),
            Lwm2mConfig.DEFAULT_LIFETIME,
            "protocol lwm2m only: the registration lifetime; the node updates its registration before it ends");
    static final ProfileKey.Flag BOOTSTRAP =
            new ProfileKey.Flag("bootstrap", false, "protocol lwm2m only: report.server is an LwM2M bootstrap server");

    private static final List<String> LWM2M_KEYS =
            List.of(SERVER.name(), ENDPOINT.name(), LIFETIME.name(), BOOTSTRAP.name());

    static final ProfileSection SCHEMA = new ProfileSection(
            "report",
            "Where and how readings go.",
            List.of(
                    COLLECTOR,
                    FORMAT,
                    PSK_FILE,
                    BATCH_READINGS,
                    LINK,
                    HEALTH_INTERVAL,
                    START_DELAY,
                    DRAIN_GAP,
                    INTERVAL,
                    PROTOCOL,
                    SERVER,
                    ENDPOINT,
                    LIFETIME,
                    BOOTSTRAP));

    /** The link keys' defaults are {@link LinkSettings}' own, so the reference and the transport cannot differ. */
    private static final LinkSettings LINK_DEFAULTS = LinkSettings.defaults();

    static final ProfileKey.Span ACK_TIMEOUT = new ProfileKey.Span(
            "ack-timeout",
            Duration.ofMillis(500),
            Duration.ofMinutes(1),
            LINK_DEFAULTS.ackTimeout(),
            "RFC 7252 §4.8 ACK_TIMEOUT, the first wait for an acknowledgement; longer than the RFC's 2s for 2G links");
    static final ProfileKey.Decimal ACK_RANDOM_FACTOR = new ProfileKey.Decimal(
            "ack-random-factor",
            LINK_DEFAULTS.ackRandomFactor(),
            "1.0..4.0",
            "RFC 7252 §4.8 ACK_RANDOM_FACTOR, which spreads the retransmissions of many nodes");
    static final ProfileKey.WholeNumber MAX_RETRANSMIT = new ProfileKey.WholeNumber(
            "max-retransmit",
            0,
            10,
            LINK_DEFAULTS.maxRetransmit(),
            Integer.toString(LINK_DEFAULTS.maxRetransmit()),
            "RFC 7252 §4.8 MAX_RETRANSMIT, retransmissions of one message before the report counts as failed");
    static final ProfileKey.Span HANDSHAKE_TIMEOUT = new ProfileKey.Span(
            "handshake-timeout",
            Duration.ofMillis(500),
            Duration.ofMinutes(1),
            LINK_DEFAULTS.handshakeRetransmission(),
            "RFC 6347 §4.2.4.1, the first DTLS handshake flight timeout; doubles per retry");

    static final ProfileSection LINK_SCHEMA = new ProfileSection(
            "report.link",
            "CoAP and DTLS retransmission settings for slow, lossy mobile links (LinkSettings).",
            List.of(ACK_TIMEOUT, ACK_RANDOM_FACTOR, MAX_RETRANSMIT, HANDSHAKE_TIMEOUT));

    private ReportSection() {}

    /** The section; its defaults when it is not a mapping (reported). */
    static ReportConfig read(YamlReader reader, YamlMap top) {
        YamlMap r = SCHEMA.open(reader, top.node(ProfileSchema.REPORT.name()));
        if (r == null) {
            return ReportConfig.defaults();
        }
        String uri = COLLECTOR.read(r);
        Optional<URI> collector = uri == null ? Optional.empty() : collectorUri(r, uri);
        String format = FORMAT.read(r);
        String psk = PSK_FILE.read(r);
        int batch = BATCH_READINGS.read(r);
        LinkSettings link = r.node(LINK.name()) == null ? LinkSettings.defaults() : link(reader, r);
        return new ReportConfig(
                collector,
                format,
                Optional.ofNullable(psk).map(Path::of),
                batch,
                link,
                HEALTH_INTERVAL.read(r),
                START_DELAY.read(r),
                DRAIN_GAP.read(r),
                INTERVAL.read(r),
                lwm2m(r));
    }

    /**
     * {@code protocol: lwm2m} with its keys {@code server}, {@code endpoint}, {@code lifetime} and {@code bootstrap},
     * which belong to it alone; empty for the CoAP reporter (the default).
     */
    private static Optional<Lwm2mConfig> lwm2m(YamlMap r) {
        String protocol = PROTOCOL.read(r);
        if (!"lwm2m".equals(protocol)) {
            LWM2M_KEYS.stream()
                    .filter(key -> r.node(key) != null)
                    .forEach(key -> r.problem(key, "belongs to protocol: lwm2m; this profile reports over CoAP"));
            return Optional.empty();
        }
        if (r.node(COLLECTOR.name()) != null) {
            r.problem(COLLECTOR.name(), "belongs to protocol: coap; an LwM2M node reports to report.server");
        }
        String text = SERVER.read(r);
        String endpoint = ENDPOINT.read(r);
        Duration lifetime = LIFETIME.read(r);
        boolean bootstrap = BOOTSTRAP.read(r);
        if (text == null) {
            r.problem(PROTOCOL.name(), "lwm2m needs report.server: coaps://HOST[:PORT], the LwM2M server");
            return Optional.empty();
        }
        try {
            URI server = new URI(text);
            if (!"coaps".equals(server.getScheme())) {
                r.problem(SERVER.name(), "expected a coaps:// URI: readings travel only over DTLS (got " + text + ")");
            } else if (server.getHost() == null) {
                r.problem(SERVER.name(), "expected coaps://HOST[:PORT], the host is missing");
            } else if ((server.getRawPath() != null && server.getRawPath().length() > 1)
                    || server.getRawQuery() != null
                    || server.getRawFragment() != null) {
                r.problem(SERVER.name(), "expected coaps://HOST[:PORT] without a path: LwM2M names its own resources");
            } else {
                return Optional.of(new Lwm2mConfig(server, Optional.ofNullable(endpoint), lifetime, bootstrap));
            }
        } catch (URISyntaxException e) {
            r.problem(SERVER.name(), "expected coaps://HOST[:PORT]: " + e.getReason());
        }
        return Optional.empty();
    }

    /**
     * The {@code link:} mapping. Its cross-field rules are {@link LinkSettings}' own; a broken one is reported at the
     * mapping, naming the key.
     */
    private static LinkSettings link(YamlReader reader, YamlMap report) {
        YamlMap l = LINK_SCHEMA.open(reader, report.node(LINK.name()));
        if (l == null) {
            return LINK_DEFAULTS;
        }
        Duration ackTimeout = ACK_TIMEOUT.read(l);
        double randomFactor = ACK_RANDOM_FACTOR.read(l);
        int maxRetransmit = MAX_RETRANSMIT.read(l);
        Duration handshake = HANDSHAKE_TIMEOUT.read(l);
        try {
            return new LinkSettings(ackTimeout, randomFactor, maxRetransmit, handshake);
        } catch (IllegalArgumentException e) {
            l.problem("", e.getMessage().replaceFirst("^report\\.link\\.", ""));
            return LINK_DEFAULTS;
        }
    }

    /**
     * Only {@code coaps://} with a host (SECURITY R13): a profile must not be able to send readings in the clear, and
     * a URI without a host would fail much later, at the first report, far from the line that caused it.
     */
    private static Optional<URI> collectorUri(YamlMap r, String text) {
        try {
            URI uri = new URI(text);
            if (!"coaps".equals(uri.getScheme())) {
                r.problem(
                        COLLECTOR.name(), "expected a coaps:// URI: readings travel only over DTLS (got " + text + ")");
            } else if (uri.getHost() == null) {
                r.problem(COLLECTOR.name(), "expected coaps://HOST[:PORT]/PATH, the host is missing");
            } else {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            r.problem(COLLECTOR.name(), "expected coaps://HOST[:PORT]/PATH: " + e.getReason());
        }
        return Optional.empty();
    }
}
