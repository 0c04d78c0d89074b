// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how readings go.
 *
 * @param collector the collector's {@code coaps://} URI, if the profile names one (the command line may)
 * @param format {@code cbor} (default, content-format 112) or {@code json} (110)
 * @param pskFile a file holding the node's DTLS pre-shared key ({@code identity=…}, {@code key=<hex>})
 * @param maxBatchReadings the most readings one message carries
 * @param link CoAP/DTLS retransmission settings ({@code report.link})
 * @param healthInterval how often the node queues a health report ({@code report.health-interval})
 * @param startDelay the longest random wait before the first report ({@code report.start-delay})
 * @param drainGap the least time between two batches of a backlog ({@code report.drain-gap})
 * @param interval how long readings are held to go together, 0 to send each at once ({@code report.interval})
 * @param lwm2m present when the node reports to an LwM2M server ({@code report.protocol: lwm2m}); empty for the
 *     CoAP reporter to a fieldnode collector, the default
 */
public record ReportConfig(
        Optional<URI> collector,
        String format,
        Optional<Path> pskFile,
        int maxBatchReadings,
        LinkSettings link,
        Duration healthInterval,
        Duration startDelay,
        Duration drainGap,
        Duration interval,
        Optional<Lwm2mConfig> lwm2m) {
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_START_DELAY = Duration.ZERO;
    public static final Duration DEFAULT_DRAIN_GAP = Duration.ofMillis(200);
    public static final Duration DEFAULT_INTERVAL = Duration.ZERO;

    public static final String DEFAULT_FORMAT = "cbor";
    public static final int DEFAULT_MAX_BATCH_READINGS = 24;

    /** The CoAP reporter ({@code report.protocol: coap}). */
    public ReportConfig(
            Optional<URI> collector,
            String format,
            Optional<Path> pskFile,
            int maxBatchReadings,
            LinkSettings link,
            Duration healthInterval,
            Duration startDelay,
            Duration drainGap,
            Duration interval) {
        this(
                collector,
                format,
                pskFile,
                maxBatchReadings,
                link,
                healthInterval,
                startDelay,
                drainGap,
                interval,
                Optional.empty());
    }

    public ReportConfig {
        java.util.Objects.requireNonNull(lwm2m, "lwm2m");
    }

    /** {@code lwm2m} or {@code coap}, as the profile says {@code report.protocol}. */
    public String protocol() {
        return lwm2m.isPresent() ? "lwm2m" : "coap";
    }

    /** The same settings, reporting to the LwM2M server {@code lwm2m} describes. */
    public ReportConfig withLwm2m(Lwm2mConfig target) {
        return new ReportConfig(
                collector,
                format,
                pskFile,
                maxBatchReadings,
                link,
                healthInterval,
                startDelay,
                drainGap,
                interval,
                Optional.of(target));
    }

    public static ReportConfig defaults() {
        return new ReportConfig(
                Optional.empty(),
                DEFAULT_FORMAT,
                Optional.empty(),
                DEFAULT_MAX_BATCH_READINGS,
                LinkSettings.defaults(),
                DEFAULT_HEALTH_INTERVAL,
                DEFAULT_START_DELAY,
                DEFAULT_DRAIN_GAP,
                DEFAULT_INTERVAL);
    }

    public ReportConfig withCollector(URI uri) {
        return new ReportConfig(
                Optional.of(uri),
                format,
                pskFile,
                maxBatchReadings,
                link,
                healthInterval,
                startDelay,
                drainGap,
                interval,
                lwm2m);
    }
}
