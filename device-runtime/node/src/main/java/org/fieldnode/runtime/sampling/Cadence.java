// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.time.Instant;

/**
 * When one sensor samples next, before jitter. While the wall clock is trusted, samples fall on the wall-clock
 * multiples of the interval counted from the epoch (a 5-minute sensor at :00, :05, …; a daily one at 00:00 UTC).
 * While it is not, they fall every interval on the monotonic clock from the last nominal sample, without drift,
 * skipping slots that have already passed (after a suspend) rather than sampling in a burst.
 */
final class Cadence {
    private final Duration interval;
    private final long intervalNanos;
    private long nominalNanos;
    private boolean started;
    private Instant lastSlot;

    Cadence(Duration interval) {
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
    }

    /** The nominal monotonic time of the next sample, asked at monotonic {@code nowNanos} / wall {@code nowWall}. */
    long next(long nowNanos, Instant nowWall, boolean trusted) {
        long next;
        if (trusted) {
            Instant after = nowWall;
            // The wall clock may be slewed back a little (NTP): never sample the same slot twice. A step back by
            // more than an interval is a new time line: forget the old slot rather than wait for it.
            if (lastSlot != null
                    && lastSlot.isAfter(nowWall)
                    && Duration.between(nowWall, lastSlot).compareTo(interval) <= 0) {
                after = lastSlot;
            }
            Instant slot = alignedAfter(after, interval);
            lastSlot = slot;
            next = nowNanos + Duration.between(nowWall, slot).toNanos();
        } else {
            lastSlot = null;
            next = started ? nominalNanos + intervalNanos : nowNanos + intervalNanos;
            if (next - nowNanos <= 0) {
                long behind = nowNanos - next;
                next += (behind / intervalNanos + 1) * intervalNanos;
            }
        }
        started = true;
        nominalNanos = next;
        return next;
    }

    /** The wall-clock slot of the last {@link #next} while the clock was trusted; null otherwise. */
    Instant lastSlot() {
        return lastSlot;
    }

    /** The first multiple of {@code interval} since the epoch that is strictly after {@code t}. */
    static Instant alignedAfter(Instant t, Duration interval) {
        long tNanos = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        long i = interval.toNanos();
        long slot = Math.multiplyExact(Math.floorDiv(tNanos, i) + 1, i);
        return Instant.ofEpochSecond(Math.floorDiv(slot, 1_000_000_000L), Math.floorMod(slot, 1_000_000_000L));
    }
}
