// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SchedulerClock} in virtual time, for tests: time stands still until {@link #advance} moves it, and then
 * every timer due on the way runs in time order on the calling thread, so a test runs a day of 1-second sampling in
 * well under a second and sees the same sequence on every run.
 *
 * <p>Workers are real threads, so that a sensor can really hang. Before it moves time on, {@code advance} waits until
 * every worker task has either finished (and its posted completion has run) or is parked ({@code WAITING} or
 * {@code TIMED_WAITING}, e.g. on a latch the test never opens): a parked task counts as hung, and time passes
 * without it. So simulated sensors used with this clock must not park while they work normally (the simulators in
 * {@code drivers.sim} do not; they use a {@code FakeSleeper}).
 *
 * <p>The wall clock starts at the given instant and moves with the monotonic clock, plus any {@link #stepWallClock}.
 */
public final class VirtualScheduler implements SchedulerClock {
    /** How long {@code advance} waits in real time for a worker that is neither finished nor parked. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(20);

    private final Instant wallStart;
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private final Queue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private final Set<Tracked> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private final Executor workers = this::submit;
    private volatile long now;
    private volatile long wallOffsetNanos;
    private long sequence;

    /** Monotonic time starts at 0; the wall clock at {@code wallStart}. */
    public VirtualScheduler(Instant wallStart) {
        this.wallStart = wallStart;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "virtual-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Instant wallTime() {
        return wallStart.plusNanos(now + wallOffsetNanos);
    }

    /** Steps the wall clock (an NTP correction, an RTC read) without moving monotonic time. */
    public void stepWallClock(Duration step) {
        wallOffsetNanos += step.toNanos();
    }

    @Override
    public synchronized Timer schedule(long atNanos, Runnable task) {
        Entry e = new Entry(atNanos, sequence++, task);
        timers.add(e);
        return () -> e.cancelled = true;
    }

    @Override
    public void execute(Runnable task) {
        posted.add(task);
    }

    @Override
    public Executor workers() {
        return workers;
    }

    private void submit(Runnable task) {
        Tracked t = new Tracked(task);
        running.add(t);
        pool.execute(t);
    }

    /** Moves time forward by {@code duration}, running everything that falls due on the way. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + duration);
        }
        advanceTo(now + duration.toNanos());
    }

    /** Moves monotonic time to {@code targetNanos}, running everything that falls due on the way. */
    public void advanceTo(long targetNanos) {
        while (true) {
            settle();
            Entry next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.atNanos - targetNanos > 0) {
                    break;
                }
                timers.poll();
            }
            if (!next.cancelled) {
                if (next.atNanos - now > 0) {
                    now = next.atNanos;
                }
                next.task.run();
            }
        }
        if (targetNanos - now > 0) {
            now = targetNanos;
        }
        settle();
    }

    /** Runs posted tasks and waits for workers, until nothing more happens without time passing. */
    private void settle() {
        while (true) {
            awaitWorkersQuiet();
            Runnable task = posted.poll();
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    private void awaitWorkersQuiet() {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        for (Tracked t : running) {
            while (!t.quiet()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("a worker task neither finished nor parked within " + SETTLE_LIMIT);
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Number of worker tasks started and not finished: the hung ones, after an {@code advance}. */
    public int workersRunning() {
        return running.size();
    }

    /** Interrupts every worker still running (releasing hung test sensors) and stops the pool. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Entry implements Comparable<Entry> {
        final long atNanos;
        final long sequence;
        final Runnable task;
        volatile boolean cancelled;

        Entry(long atNanos, long sequence, Runnable task) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            int byTime = Long.compare(atNanos - o.atNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    private final class Tracked implements Runnable {
        private final Runnable task;
        private volatile Thread thread;
        private volatile boolean done;

        Tracked(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            try {
                task.run();
            } finally {
                done = true;
                running.remove(this);
            }
        }

        boolean quiet() {
            if (done) {
                return true;
            }
            Thread t = thread;
            if (t == null) {
                return false;
            }
            Thread.State state = t.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }
    }
}
