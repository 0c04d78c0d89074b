// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.ca;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fieldnode.collector.CollectorEvents;
import org.fieldnode.collector.StoreException;
import org.fieldnode.security.bundle.BundleFormat;
import org.fieldnode.security.bundle.BundleSettings;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.store.SecureFiles;
import org.tinylog.Logger;

/**
 * Issues provisioning bundles (integrator tooling, SECURITY R4, R5, R8): a new one-time enrolment credential in the
 * {@link EnrolmentRegistry} and a bundle file ({@link BundleFormat}, {@code fieldnode-bundle/1}) holding the
 * collector URI, the credential, the CA fingerprint, the device name, the issue time and the time after which the
 * collector refuses it (default {@value #DEFAULT_VALID_DAYS} days), written atomically with mode 0600 from its
 * creation.
 *
 * <p>Refused, with nothing changed: a device name held by another credential of the one identity namespace (a PSK
 * node's identity, the node id of a node enrolled as another device: {@link IdentityNamespace#bundleConflict}), and
 * a collector URI whose host is a loopback or wildcard address unless the request allows it (a batch of SD cards
 * that point at 127.0.0.1 is a lost day in the field; the demo and tests on one machine ask for it).
 */
public final class ProvisioningBundles {
    /** Device labels: what a bundle's {@code node.name} allows. */
    public static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** How long a bundle can enrol unless asked otherwise. */
    public static final int DEFAULT_VALID_DAYS = 30;

    /** The longest validity a bundle may be given. */
    public static final Duration MAX_VALID = Duration.ofDays(365);

    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

    /**
     * One bundle to issue.
     *
     * @param device the device's label (e.g. {@code weather-07}) or, when known, its node id
     * @param collector {@code coaps://HOST[:PORT]}, the address nodes enrol and report at
     * @param validFor how long the bundle can enrol, up to {@link #MAX_VALID}
     * @param allowLoopback whether a loopback or wildcard host is allowed (a test on one machine)
     */
    public record Request(String device, URI collector, Duration validFor, boolean allowLoopback) {
        public Request {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(collector, "collector");
            Objects.requireNonNull(validFor, "validFor");
        }

        /** A bundle valid for the default {@value #DEFAULT_VALID_DAYS} days, for a collector nodes reach remotely. */
        public static Request of(String device, URI collector) {
            return new Request(device, collector, Duration.ofDays(DEFAULT_VALID_DAYS), false);
        }

        /** This request with a loopback or wildcard collector host allowed. */
        public Request allowingLoopback() {
            return new Request(device, collector, validFor, true);
        }

        /** This request valid for {@code duration}. */
        public Request validFor(Duration duration) {
            return new Request(device, collector, duration, allowLoopback);
        }
    }

    private final EnrolmentRegistry registry;
    private final CollectorCa ca;
    private final IdentityNamespace namespace;
    private final CollectorEvents events;

    public ProvisioningBundles(
            EnrolmentRegistry registry, CollectorCa ca, IdentityNamespace namespace, CollectorEvents events) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Checks {@code request} without issuing anything.
     *
     * @throws IllegalArgumentException as {@link #issue} does, for the same reasons
     */
    public void check(Request request) throws StoreException {
        String device = request.device();
        URI collector = request.collector();
        if (!DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException(
                    "device name must be 1..64 of A-Z a-z 0-9 . _ - (it goes into the bundle), got '" + device + "'");
        }
        if (!"coaps".equals(collector.getScheme()) || collector.getHost() == null) {
            throw new IllegalArgumentException(
                    "the collector must be coaps://HOST[:PORT]; enrolment never uses plain coap, got '" + collector
                            + "'");
        }
        if (!request.allowLoopback() && isLoopbackOrWildcard(collector.getHost())) {
            throw new IllegalArgumentException("the collector URI " + collector + " names " + collector.getHost()
                    + ", which nodes in the field cannot reach; give the address nodes use (--collector"
                    + " coaps://HOST:PORT), or --allow-loopback for a test on this machine");
        }
        if (request.validFor().compareTo(Duration.ofMinutes(1)) < 0
                || request.validFor().compareTo(MAX_VALID) > 0) {
            throw new IllegalArgumentException("a bundle must be valid for 1 minute to " + MAX_VALID.toDays()
                    + " days, got " + request.validFor());
        }
        Optional<String> conflict = namespace.bundleConflict(device);
        if (conflict.isPresent()) {
            events.record(SecurityEventCode.IDENTITY_CONFLICT, device, "bundle not issued: " + conflict.get());
            throw new IllegalArgumentException("no bundle issued: " + conflict.get());
        }
    }

    /**
     * Checks {@code request} and writes its bundle to {@code out}.
     *
     * @param out the bundle file to create; must not exist
     * @throws IllegalArgumentException for a bad label, URI or validity, or a name another credential holds
     *     (nothing changed; the message is one sentence for the operator)
     * @throws IOException when {@code out} exists or cannot be written (the credential is then voided)
     */
    public BundleSettings issue(Request request, Path out, Instant now) throws IOException {
        check(request);
        if (Files.exists(out)) {
            throw new IOException(out + " already exists; choose another --out or remove it first");
        }
        String device = request.device();
        URI collector = request.collector();
        URI base = URI.create("coaps://" + collector.getRawAuthority());
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = issued.plus(request.validFor());
        PskCredential psk = registry.issueCredential(device, now, notAfter);
        String identity = psk.identity();
        BundleSettings settings = new BundleSettings(
                base,
                identity,
                ca.fingerprint(),
                Optional.of(device),
                Optional.empty(),
                Optional.of(issued),
                Optional.of(notAfter));
        try {
            SecureFiles.writeAtomically(out, BundleFormat.format(settings, psk).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            voidQuietly(identity);
            throw e;
        } finally {
            psk.destroy();
        }
        Logger.info(
                "Provisioning bundle issued: device={} psk.identity={} ca={} not-after={} file={}",
                device,
                identity,
                settings.caFingerprint(),
                notAfter,
                out);
        events.record(
                SecurityEventCode.BUNDLE_ISSUED,
                device,
                "psk.identity=" + identity + " collector=" + base + " not-after=" + notAfter);
        return settings;
    }

    /**
     * True for a host nodes elsewhere cannot reach: {@code localhost} (RFC 6761 §6.3), a loopback address
     * (127.0.0.0/8, ::1) or the wildcard address (0.0.0.0, ::). Names are not resolved.
     */
    static boolean isLoopbackOrWildcard(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false; // a host name: not resolved here
        }
        try {
            InetAddress address = InetAddress.getByName(h); // a literal: parsed, no lookup
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void voidQuietly(String identity) {
        try {
            registry.voidCredential(identity);
        } catch (StoreException e) {
            Logger.warn("Could not void the unwritten credential {}: {}", identity, e.getMessage());
        }
    }
}
