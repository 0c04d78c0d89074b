// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.fieldnode.protocol.senml.SenmlFormat;
import org.fieldnode.runtime.config.LinkSettings;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.pipeline.Reading;
import org.fieldnode.runtime.report.ReportResult;
import org.fieldnode.runtime.report.Reporter;
import org.fieldnode.security.identity.DeviceIdentity;
import org.fieldnode.security.trust.TrustAnchors;
import org.tinylog.Logger;

/**
 * Reports with the node's enrolled certificate, and only with it (SECURITY R3, R6): while the node has no usable
 * identity — BOOTSTRAP, or its certificate expired — nothing is sent at all and every batch stays queued
 * ({@link ReportResult.Unreachable}, no datagram leaves the node). Once {@code identity} supplies a certificate a
 * reporter in certificate mode is opened for it — a {@link CoapReporter}, or whatever transport the wiring opens
 * (the LwM2M client) — and replaced when renewal brings a new one.
 *
 * <p>A report in BOOTSTRAP waits up to {@code bootstrapWait} for an identity before it gives up, so that the first
 * batch goes out right after enrolment instead of after the delivery loop's back-off.
 */
public final class EnrolledReporter implements Reporter {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Optional<DeviceIdentity>> identity;
    private final Supplier<Optional<TrustAnchors>> anchors;
    private final String server;
    private final Function<DtlsCredentials.Certificate, Reporter> open;
    private final Duration bootstrapWait;
    private volatile ConfigExchange configExchange;
    private DeviceIdentity current;
    private Reporter reporter;
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
        this(
                identity,
                anchors,
                collector.getHost(),
                credentials -> new CoapReporter(new CoapReporterSettings(
                        collector,
                        credentials.identity().nodeId().value(),
                        credentials,
                        format,
                        exchangeTimeout,
                        link,
                        sessionState)),
                bootstrapWait);
        Objects.requireNonNull(collector, "collector");
    }

    /**
     * @param server the host the server's certificate must name (the server URI's host)
     * @param open opens a reporter in certificate mode; called again with the renewed identity after a renewal
     */
    public EnrolledReporter(
            Supplier<Optional<DeviceIdentity>> identity,
            Supplier<Optional<TrustAnchors>> anchors,
            String server,
            Function<DtlsCredentials.Certificate, Reporter> open,
            Duration bootstrapWait) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.server = Objects.requireNonNull(server, "server");
        this.open = Objects.requireNonNull(open, "open");
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

    /**
     * Over-the-air releases over the session of the certificate in use ({@link CoapReporter#releases()}); fails
     * until the first report opened one.
     */
    public org.fieldnode.runtime.update.ReleaseSource releases() {
        return new org.fieldnode.runtime.update.ReleaseSource() {
            @Override
            public int blockSize() {
                return 1 << (CoapReleaseSource.SZX + 4);
            }

            @Override
            public byte[] manifest(long sequence) throws java.io.IOException {
                return current().manifest(sequence);
            }

            @Override
            public Block payload(long sequence, long number) throws java.io.IOException {
                return current().payload(sequence, number);
            }

            private org.fieldnode.runtime.update.ReleaseSource current() throws java.io.IOException {
                synchronized (EnrolledReporter.this) {
                    if (reporter instanceof CoapReporter coap) {
                        return coap.releases();
                    }
                }
                throw new java.io.IOException("no CoAP session to the collector yet");
            }
        };
    }

    private synchronized Reporter reporterFor(DeviceIdentity usable, TrustAnchors trust) {
        if (closed) {
            throw new IllegalStateException("reporter to " + server + " is closed");
        }
        if (reporter != null && current.certificate().equals(usable.certificate())) {
            return reporter;
        }
        if (reporter != null) {
            Logger.info("Reporting with the renewed certificate (notAfter {})", usable.notAfter());
            reporter.close();
        }
        current = usable;
        reporter = open.apply(new DtlsCredentials.Certificate(usable, trust, server));
        ConfigExchange exchange = configExchange;
        if (exchange != null && reporter instanceof CoapReporter coap) {
            coap.exchangeConfig(exchange);
        }
        return reporter;
    }

    /**
     * Takes part in the desired-configuration exchange, with the reporter of this certificate and of every renewed
     * one (a PSK node's {@link CoapReporter#exchangeConfig} does the same).
     */
    public synchronized void exchangeConfig(ConfigExchange exchange) {
        this.configExchange = Objects.requireNonNull(exchange, "exchange");
        if (reporter instanceof CoapReporter coap) {
            coap.exchangeConfig(exchange);
        }
    }

    /** Offered to the reporter of the current identity; dropped in BOOTSTRAP (the next sample comes soon enough). */
    @Override
    public void sampled(List<Reading> readings) {
        Reporter now;
        synchronized (this) {
            now = reporter;
        }
        if (now != null) {
            now.sampled(readings);
        }
    }

    /** The longest prefix the current reporter sends as one message; all of it before there is one. */
    @Override
    public int fittingReadings(Batch batch) {
        Reporter now;
        synchronized (this) {
            now = reporter;
        }
        return now == null ? batch.readings().size() : now.fittingReadings(batch);
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
        return "EnrolledReporter[" + server + "]";
    }
}
