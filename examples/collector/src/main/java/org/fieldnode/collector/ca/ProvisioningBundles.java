// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.collector.StoreException;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.SecureFiles;
import org.tinylog.Logger;

/**
 * Issues provisioning bundles (integrator tooling, SECURITY R4, R5): a new one-time enrolment credential in the
 * {@link EnrolmentRegistry} and a bundle file ({@link BundleFormat}, {@code fieldnode-bundle/1}) holding the
 * collector URI, the credential, the CA fingerprint, the device label and the issue time, written atomically with
 * mode 0600 from its creation.
 */
public final class ProvisioningBundles {
    /** Device labels: what a bundle's {@code node.name} allows. */
    public static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ProvisioningBundles() {}

    /**
     * @param device the device's label (e.g. {@code weather-07}) or, when known, its node id
     * @param collector {@code coaps://HOST[:PORT]}, the address nodes enrol and report to
     * @param out the bundle file to create; must not exist
     * @throws IllegalArgumentException for a bad label or URI (nothing changed)
     * @throws IOException when {@code out} exists or cannot be written (the credential is then voided)
     */
    public static BundleSettings issue(
            EnrolmentRegistry registry, CollectorCa ca, String device, URI collector, Path out, Instant now)
            throws IOException {
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException(
                    "device name must be 1..64 of A-Z a-z 0-9 . _ - (it goes into the bundle), got '" + device + "'");
        }
        if (!"coaps".equals(collector.getScheme()) || collector.getHost() == null) {
            throw new IllegalArgumentException(
                    "the collector must be coaps://HOST[:PORT]; enrolment never uses plain coap, got '" + collector
                            + "'");
        }
        if (Files.exists(out)) {
            throw new IOException(out + " already exists; choose another --out or remove it first");
        }
        URI base = URI.create("coaps://" + collector.getRawAuthority());
        BundleSettings settings = new BundleSettings(
                base,
                "pending",
                ca.fingerprint(),
                Optional.of(device),
                Optional.empty(),
                Optional.of(now.truncatedTo(ChronoUnit.SECONDS)));
        PskCredential psk = registry.issueCredential(device, now);
        String identity = psk.identity();
        try {
            settings = new BundleSettings(
                    base, psk.identity(), ca.fingerprint(), settings.nodeName(), settings.site(), settings.issued());
            SecureFiles.writeAtomically(out, BundleFormat.format(settings, psk).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            voidQuietly(registry, identity);
            throw e;
        } finally {
            psk.destroy();
        }
        Logger.info(
                "Provisioning bundle issued: device={} psk.identity={} ca={} file={}",
                device,
                settings.pskIdentity(),
                settings.caFingerprint(),
                out);
        return settings;
    }

    private static void voidQuietly(EnrolmentRegistry registry, String identity) {
        try {
            registry.voidCredential(identity);
        } catch (StoreException e) {
            Logger.warn("Could not void the unwritten credential {}: {}", identity, e.getMessage());
        }
    }
}
