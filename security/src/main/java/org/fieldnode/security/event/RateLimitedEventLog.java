// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.event;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Lets at most {@code burst} events of each limited code through per {@code window}, so that a peer who can provoke
 * an event (a wrong key, a conflicting batch, a handshake flood) cannot fill the bounded event file with it
 * (SECURITY R29, R30, R40). Events held back are counted; the next event of that code that passes carries the
 * count ({@code "… (37 more not recorded in the last 60 s)"}). Codes not in the limited set always pass.
 * Thread-safe.
 */
public final class RateLimitedEventLog implements SecurityEventLog {
    /** The codes a peer can provoke at will: what the collector limits by default. */
    public static final Set<SecurityEventCode> PEER_PROVOKED = EnumSet.of(
            SecurityEventCode.AUTHENTICATION_FAILED,
            SecurityEventCode.IDENTITY_CONFLICT,
            SecurityEventCode.SESSION_LIMIT,
            SecurityEventCode.SEQUENCE_CONFLICT);

    private final SecurityEventLog target;
    private final Set<SecurityEventCode> limited;
    private final int burst;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<SecurityEventCode, Window> windows = new EnumMap<>(SecurityEventCode.class);

    private static final class Window {
        long start;
        int passed;
        long heldBack;
    }

    /**
     * @param burst events of one code let through per window, at least 1
     * @param nanoTime a monotonic clock ({@code System::nanoTime}; a fake in tests)
     */
    public RateLimitedEventLog(
            SecurityEventLog target,
            Set<SecurityEventCode> limited,
            int burst,
            Duration window,
            LongSupplier nanoTime) {
        this.target = Objects.requireNonNull(target, "target");
        this.limited = limited.isEmpty() ? Set.of() : EnumSet.copyOf(limited);
        if (burst < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("burst must be >= 1 and window > 0, got " + burst + " per " + window);
        }
        this.burst = burst;
        this.windowNanos = window.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** {@link #PEER_PROVOKED} codes, 10 a minute each. */
    public static RateLimitedEventLog peerProvoked(SecurityEventLog target) {
        return new RateLimitedEventLog(target, PEER_PROVOKED, 10, Duration.ofMinutes(1), System::nanoTime);
    }

    @Override
    public void record(SecurityEvent event) {
        if (!limited.contains(event.code())) {
            target.record(event);
            return;
        }
        long heldBack;
        synchronized (windows) {
            long now = nanoTime.getAsLong();
            Window w = windows.computeIfAbsent(event.code(), c -> new Window());
            if (w.passed == 0 || now - w.start >= windowNanos) {
                w.start = now;
                w.passed = 0;
            }
            if (w.passed >= burst) {
                w.heldBack++;
                return;
            }
            w.passed++;
            heldBack = w.heldBack;
            w.heldBack = 0;
        }
        target.record(
                heldBack == 0
                        ? event
                        : new SecurityEvent(
                                event.time(),
                                event.timeQuality(),
                                event.nodeId(),
                                event.code(),
                                event.detail() + " (" + heldBack + " more not recorded in the last "
                                        + Duration.ofNanos(windowNanos).toSeconds() + " s)"));
    }
}
