// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The profile's choice of the LwM2M transport ({@code report.protocol: lwm2m}): the node reports to an OMA LwM2M 1.1
 * server (Leshan, ThingsBoard, Coiote, an operator's platform) instead of a fieldnode collector.
 *
 * @param server the LwM2M server, {@code coaps://HOST[:PORT]} ({@code report.server}); {@code coaps} only (SECURITY
 *     R13), port 5684 when none is given
 * @param endpoint the LwM2M endpoint client name ({@code report.endpoint}); empty for the node id, which is what a
 *     certificate-authenticated node must use (the server matches it against the certificate's CN)
 * @param lifetime the registration lifetime the node asks for ({@code report.lifetime}); it sends a registration update
 *     before it runs out
 * @param bootstrap whether {@code server} is an LwM2M bootstrap server that tells the node its server
 *     ({@code report.bootstrap})
 */
public record Lwm2mConfig(URI server, Optional<String> endpoint, Duration lifetime, boolean bootstrap) {
    /** One day: a registration update costs a few hundred bytes with its handshake, so it is rare by default. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

    public Lwm2mConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(lifetime, "lifetime");
    }
}
