// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.bundle;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.fieldnode.security.trust.Fingerprint;

/**
 * The non-secret part of a provisioning bundle: safe to print, log and keep in a plain file.
 *
 * @param collector the collector's {@code coaps://} URI; EST requests go to its {@code /.well-known/est/}
 * @param pskIdentity the public identity of the one-time enrolment PSK
 * @param caFingerprint SHA-256 of the collector CA certificate, the pin for {@code /crts} (R5)
 * @param nodeName an optional human label the integrator gave the device (not part of the node id, R1)
 * @param site an optional site label
 * @param issued when the bundle was issued; a floor for the node's clock (R32)
 * @param notAfter after this time the collector refuses the bundle; empty in bundles issued before bundles expired
 */
public record BundleSettings(
        URI collector,
        String pskIdentity,
        Fingerprint caFingerprint,
        Optional<String> nodeName,
        Optional<String> site,
        Optional<Instant> issued,
        Optional<Instant> notAfter) {
    public BundleSettings {
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(pskIdentity, "pskIdentity");
        Objects.requireNonNull(caFingerprint, "caFingerprint");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(notAfter, "notAfter");
    }

    /** Settings of a bundle without a not-after. */
    public BundleSettings(
            URI collector,
            String pskIdentity,
            Fingerprint caFingerprint,
            Optional<String> nodeName,
            Optional<String> site,
            Optional<Instant> issued) {
        this(collector, pskIdentity, caFingerprint, nodeName, site, issued, Optional.empty());
    }
}
