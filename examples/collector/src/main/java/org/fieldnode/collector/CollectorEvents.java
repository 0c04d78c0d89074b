// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.fieldnode.security.event.RateLimitedEventLog;
import org.fieldnode.security.event.SecurityEvent;
import org.fieldnode.security.event.SecurityEventCode;
import org.fieldnode.security.event.SecurityEventFile;
import org.fieldnode.security.event.SecurityEventLog;
import org.fieldnode.security.event.TimeQuality;

/**
 * The collector's security events (SECURITY R29), with the same fixed codes and fields as the node's ({@link
 * SecurityEvent}: UTC time and its quality, node, code, severity, a neutralised detail): authentication failures,
 * enrolments, renewals, revocations, identity conflicts, desired-configuration changes, sequence conflicts and
 * integrity failures. {@code serve} writes them to its log (tag {@code security}) and to {@code
 * DATA/}{@value SecurityEventFile#FILE_NAME} (size-bounded, R30); the {@code enrolment} and {@code config} commands
 * append to the same file. Events a peer can provoke at will are rate-limited ({@link RateLimitedEventLog}).
 */
public final class CollectorEvents {
    private final SecurityEventLog log;
    private final InstantSource clock;
    private final BooleanSupplier synchronised;

    /**
     * @param synchronised whether the collector's clock is synchronised now (the events' time quality)
     */
    public CollectorEvents(SecurityEventLog log, InstantSource clock, BooleanSupplier synchronised) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.synchronised = Objects.requireNonNull(synchronised, "synchronised");
    }

    /** The serving collector's: the log and {@code dataDir}'s event file, peer-provoked events rate-limited. */
    public static CollectorEvents in(Path dataDir) {
        return new CollectorEvents(
                RateLimitedEventLog.peerProvoked(SecurityEventLog.toLogger().andThen(SecurityEventFile.in(dataDir))),
                InstantSource.system(),
                CollectorEvents::timesyncdSynchronised);
    }

    /** A command's ({@code enrolment revoke}, {@code config set}): {@code dataDir}'s event file, not the console. */
    public static CollectorEvents fileIn(Path dataDir) {
        return new CollectorEvents(
                SecurityEventFile.in(dataDir), InstantSource.system(), CollectorEvents::timesyncdSynchronised);
    }

    /** The log only (a collector without a data directory). */
    public static CollectorEvents toLogger() {
        return new CollectorEvents(
                RateLimitedEventLog.peerProvoked(SecurityEventLog.toLogger()),
                InstantSource.system(),
                CollectorEvents::timesyncdSynchronised);
    }

    /**
     * Whether systemd-timesyncd has set this host's clock from NTP (it touches this file once it has): a collector
     * whose clock nothing vouches for records {@code time-quality=unsynchronised}, which says "not known to be
     * right", not "wrong".
     */
    private static boolean timesyncdSynchronised() {
        return Files.exists(TIMESYNC_FLAG);
    }

    private static final Path TIMESYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");

    /**
     * Records one event now.
     *
     * @param node the node or device it concerns ({@code null} when none); neutralised, as is {@code detail}
     */
    public void record(SecurityEventCode code, String node, String detail) {
        log.record(new SecurityEvent(
                clock.instant(),
                synchronised.getAsBoolean() ? TimeQuality.SYNCHRONISED : TimeQuality.UNSYNCHRONISED,
                node,
                code,
                detail));
    }

    @Override
    public String toString() {
        return "CollectorEvents[" + log + "]";
    }
}
