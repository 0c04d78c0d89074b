// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.Profile;
import org.fieldnode.security.identity.NodeId;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.retry.Backoff;

/**
 * Everything a node needs to start, resolved from the profile and the command line.
 *
 * @param collector the collector's {@code coaps://} URI
 * @param firstRetry the first wait after a failed delivery; doubles on each failure
 * @param dataDir where the node keeps its state (status, DTLS session, queue), or empty to keep nothing
 */
public record NodeSetup(
        Profile profile,
        NodeId nodeId,
        URI collector,
        PskCredential psk,
        SenmlFormat format,
        Duration firstRetry,
        Optional<Path> dataDir) {
    public NodeSetup {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(psk, "psk");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(firstRetry, "firstRetry");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** The back-off step after a first failed delivery of {@code fieldnode run}; it doubles up to 5 minutes. */
    public static final Duration FIRST_RETRY = Backoff.DELIVERY.first();

    /** The exchange timeout after which an unanswered batch counts as undelivered and is retried. */
    static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(30);
}
