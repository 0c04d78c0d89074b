// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * The real {@link SchedulerClock}: {@link System#nanoTime()}, the given wall clock, one daemon thread
 * {@code fieldnode-sampler} for the schedule, and up to {@code maxWorkers} daemon threads {@code fieldnode-fetch-N}
 * for fetches. The sampler keeps at most one fetch in flight per sensor, so one worker per sensor means a hung
 * sensor can never starve the others of a thread. Idle workers end after ten minutes.
 */
public final class SystemSchedulerClock implements SchedulerClock {
    private final InstantSource wallClock;
    private final ScheduledThreadPoolExecutor loop;
    private final ThreadPoolExecutor workers;

    /** @param maxWorkers the most fetches that may run at once: the number of sensors */
    public SystemSchedulerClock(InstantSource wallClock, int maxWorkers) {
        this.wallClock = wallClock;
        this.loop = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "fieldnode-sampler"));
        loop.setRemoveOnCancelPolicy(true);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                0,
                Math.max(1, maxWorkers),
                10,
                TimeUnit.MINUTES,
                new SynchronousQueue<>(),
                r -> daemon(r, "fieldnode-fetch-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant wallTime() {
        return wallClock.instant();
    }

    @Override
    public Timer schedule(long atNanos, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(task, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // A fetch that finishes while the node stops: the sampler is gone, and so is any use for its outcome.
            Logger.debug("Sampler stopped; a late fetch outcome is dropped");
        }
    }

    @Override
    public Executor workers() {
        return workers;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        workers.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                Logger.warn("The sampler thread did not stop within 5 s");
            }
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                Logger.warn("{} sensor fetch(es) still running at shutdown", workers.getActiveCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
