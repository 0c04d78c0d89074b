// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Deletes readings observed more than {@code keep} ago, at start and then every {@code period}, on one daemon
 * thread of its own. Devices stay listed. Observation time is the node's clock: a node whose clock was far behind
 * has its readings deleted at the next run (they were already out of any chart).
 */
public final class Retention implements AutoCloseable {
    private final ReadingStore store;
    private final Duration keep;
    private final InstantSource clock;
    private final ScheduledExecutorService timer;

    private Retention(ReadingStore store, Duration keep, InstantSource clock, ScheduledExecutorService timer) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
        this.timer = timer;
    }

    /** Starts deleting readings older than {@code keep} from {@code store}, now and every {@code period}. */
    public static Retention start(ReadingStore store, Duration keep, Duration period, InstantSource clock) {
        if (keep.isNegative() || keep.isZero() || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("retention needs keep > 0 and period > 0, got " + keep + ", " + period);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "collector-retention");
            t.setDaemon(true);
            return t;
        });
        Retention retention = new Retention(store, keep, clock, timer);
        timer.scheduleWithFixedDelay(retention::runOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return retention;
    }

    /** Deletes once, now; returns how many readings went. Failures are logged, never thrown: the next run retries. */
    public long runOnce() {
        Instant cutoff = clock.instant().minus(keep);
        try {
            long deleted = store.deleteObservedBefore(cutoff);
            if (deleted > 0) {
                Logger.info("Retention: deleted {} reading(s) observed before {}", deleted, cutoff);
            }
            return deleted;
        } catch (StoreException e) {
            Logger.warn("Retention run failed, will retry: {}", e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            Logger.warn(e, "Retention run failed, will retry");
            return 0;
        }
    }

    /** Stops the timer, waiting for a run in progress. Idempotent. */
    @Override
    public void close() {
        timer.shutdown(); // cancels the periodic run; one in progress finishes its chunk
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
