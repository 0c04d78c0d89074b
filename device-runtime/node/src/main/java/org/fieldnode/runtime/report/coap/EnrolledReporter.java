// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * Reports with the node's enrolled certificate, and only with it (SECURITY R3, R6): while the node has no usable
 * identity — BOOTSTRAP, or its certificate expired — nothing is sent at all and every batch stays queued
 * ({@link ReportResult.Unreachable}, no datagram leaves the node). Once {@code identity} supplies a certificate a
 * {@link CoapReporter} in certificate mode is opened for it, and replaced when renewal brings a new one.
 *
 * <p>A report in BOOTSTRAP waits up to {@code bootstrapWait} for an identity before it gives up, so that the first
 * batch goes out right after enrolment instead of after the delivery loop's back-off.
 */
public final class EnrolledReporter implements Reporter {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Optional<DeviceIdentity>> identity;
    private final Supplier<Optional<TrustAnchors>> anchors;
    private final URI collector;
    private final SenmlFormat format;
    private final Duration exchangeTimeout;
    private final LinkSettings link;
    private final Optional<Path> sessionState;
    private final Duration bootstrapWait;
    private DeviceIdentity current;
    private CoapReporter reporter;
    private boolean closed;

    /**
     * @param identity the usable identity, empty in BOOTSTRAP or after expiry ({@code Enrolment::usableIdentity})
     * @param anchors the pinned trust anchors the collector's chain is checked against
     * @param collector the readings resource, {@code coaps://HOST[:PORT]/PATH}
     */
    public EnrolledReporter(
            Supplier<Optional<DeviceIdentity>> identity,
            Supplier<Optional<TrustAnchors>> anchors,
            URI collector,
            SenmlFormat format,
            Duration exchangeTimeout,
            LinkSettings link,
            Optional<Path> sessionState,
            Duration bootstrapWait) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.collector = Objects.requireNonNull(collector, "collector");
        this.format = Objects.requireNonNull(format, "format");
        this.exchangeTimeout = Objects.requireNonNull(exchangeTimeout, "exchangeTimeout");
        this.link = Objects.requireNonNull(link, "link");
        this.sessionState = Objects.requireNonNull(sessionState, "sessionState");
        this.bootstrapWait = Objects.requireNonNull(bootstrapWait, "bootstrapWait");
    }

    @Override
    public ReportResult report(Batch batch) throws InterruptedException {
        Optional<DeviceIdentity> usable = awaitIdentity();
        Optional<TrustAnchors> trust = anchors.get();
        if (usable.isEmpty() || trust.isEmpty() || trust.get().anchors().isEmpty()) {
            return new ReportResult.Unreachable(
                    batch.sequence(),
                    "no enrolled certificate yet (BOOTSTRAP or expired): readings stay queued and none is sent"
                            + " until enrolment succeeds",
                    ReportResult.Cause.NOT_ENROLLED);
        }
        return reporterFor(usable.get(), trust.get()).report(batch);
    }

    private Optional<DeviceIdentity> awaitIdentity() throws InterruptedException {
        long deadline = System.nanoTime() + bootstrapWait.toNanos();
        Optional<DeviceIdentity> usable = identity.get();
        while (usable.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            usable = identity.get();
        }
        return usable;
    }

    private synchronized CoapReporter reporterFor(DeviceIdentity usable, TrustAnchors trust) {
        if (closed) {
            throw new IllegalStateException("reporter to " + collector + " is closed");
        }
        if (reporter != null && current.certificate().equals(usable.certificate())) {
            return reporter;
        }
        if (reporter != null) {
            Logger.info("Reporting with the renewed certificate (notAfter {})", usable.notAfter());
            reporter.close();
        }
        current = usable;
        reporter = new CoapReporter(new CoapReporterSettings(
                collector,
                usable.nodeId().value(),
                new DtlsCredentials.Certificate(usable, trust, collector.getHost()),
                format,
                exchangeTimeout,
                link,
                sessionState));
        return reporter;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reporter != null) {
            reporter.close();
            reporter = null;
        }
    }

    @Override
    public String toString() {
        return "EnrolledReporter[" + collector + "]";
    }
}
