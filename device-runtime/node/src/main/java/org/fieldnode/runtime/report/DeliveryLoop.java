// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.fieldnode.runtime.pipeline.Batch;
import org.fieldnode.runtime.store.ReadingQueue;
import org.fieldnode.security.retry.Backoff;
import org.tinylog.Logger;

/**
 * Moves readings from the queue to the collector, oldest first, one batch at a time on its own thread. A batch
 * leaves the queue only when acknowledged. While the collector is unreachable the same batch, with the same
 * sequence number, is retried after an exponential back-off with jitter, so the collector can drop a duplicate.
 * A batch the collector refuses as a conflict (other readings under its numbers, SECURITY R28) is kept and retried
 * the same way, never dropped. Each distinct failure is logged once at error level, with what to do about it;
 * {@link #failure()} says since when and why delivery fails, and the node is DEGRADED until a batch is acknowledged
 * again.
 *
 * <p><b>Back-off (SECURITY R38).</b> The back-off step starts at {@code firstBackoff} and doubles with each failure
 * in a row up to {@code maxBackoff}; each wait is drawn uniformly from [step/2, step] ("equal jitter", {@link
 * Backoff}; a node uses {@link Backoff#DELIVERY}). So a collector that comes back after an outage is tried within one
 * step, at most {@code maxBackoff} (5 minutes on a node), and a village of nodes that failed together is spread over
 * half a step instead of retrying in step. The transport makes that first attempt a handshake when the last one got
 * no answer, so it reaches a collector that lost its sessions.
 */
public final class DeliveryLoop implements AutoCloseable {
    /** A node's largest back-off step: a collector back after an outage is tried again within 5 minutes. */
    public static final Duration MAX_BACKOFF = Backoff.DELIVERY.cap();

    private final ReadingQueue queue;
    private final Reporter reporter;
    private final int maxBatchReadings;
    private final Backoff backoff;
    private final UnaryOperator<Batch> beforeSend;
    private final Pacing pacing;
    private final Thread thread;
    private volatile boolean running = true;
    private long sent;
    private long acknowledged;
    private long rejected;
    private long attempts;
    private volatile DeliveryFailure failure;
    private int failures; // failed attempts in a row; the delivery thread's own
    private volatile Instant lastAcknowledgedAt;

    /**
     * @param firstBackoff the back-off step after the first failed send; doubles up to {@code maxBackoff} (see
     *     {@link Backoff})
     * @throws IllegalArgumentException unless {@code 0 < firstBackoff <= maxBackoff}
     */
    public DeliveryLoop(
            ReadingQueue queue, Reporter reporter, int maxBatchReadings, Duration firstBackoff, Duration maxBackoff) {
        this(queue, reporter, maxBatchReadings, firstBackoff, maxBackoff, UnaryOperator.identity());
    }

    /**
     * @param beforeSend applied to a batch before each send (e.g. correcting times once the clock is synchronised);
     *     must keep its sequence and size
     */
    public DeliveryLoop(
            ReadingQueue queue,
            Reporter reporter,
            int maxBatchReadings,
            Duration firstBackoff,
            Duration maxBackoff,
            UnaryOperator<Batch> beforeSend) {
        this(queue, reporter, maxBatchReadings, firstBackoff, maxBackoff, beforeSend, Pacing.NONE);
    }

    /**
     * How a village of nodes keeps off each other's toes: after a power cut every node boots at once, so each waits
     * a random part of {@code startDelay} before its first send; and a backlog after an outage drains at no more
     * than one batch per {@code drainGap}, so it does not flood a thin uplink or the collector.
     *
     * <p>And how little it sends: with a {@code reportInterval}, readings are held until the oldest has waited that
     * long, then everything queued goes in as few messages as fit. One POST an hour instead of one per sample is
     * what brings a weather station under 12 KB a day (BENCHMARKS.md). The first report after start is not held,
     * so that whoever installs a node sees it report at once.
     */
    public record Pacing(Duration startDelay, Duration drainGap, Duration reportInterval) {
        public static final Pacing NONE = new Pacing(Duration.ZERO, Duration.ZERO);

        public Pacing {
            if (startDelay.isNegative() || drainGap.isNegative() || reportInterval.isNegative()) {
                throw new IllegalArgumentException("start delay, drain gap and report interval must be >= 0");
            }
        }

        /** Readings sent as soon as they are queued. */
        public Pacing(Duration startDelay, Duration drainGap) {
            this(startDelay, drainGap, Duration.ZERO);
        }
    }

    /** @param pacing the random start delay, the gap between batches of a backlog and the report interval */
    public DeliveryLoop(
            ReadingQueue queue,
            Reporter reporter,
            int maxBatchReadings,
            Duration firstBackoff,
            Duration maxBackoff,
            UnaryOperator<Batch> beforeSend,
            Pacing pacing) {
        this.pacing = Objects.requireNonNull(pacing);
        this.beforeSend = Objects.requireNonNull(beforeSend);
        this.queue = Objects.requireNonNull(queue);
        this.reporter = Objects.requireNonNull(reporter);
        if (maxBatchReadings < 1) {
            throw new IllegalArgumentException("maxBatchReadings must be >= 1, got " + maxBatchReadings);
        }
        this.maxBatchReadings = maxBatchReadings;
        this.backoff = new Backoff(firstBackoff, maxBackoff);
        this.thread = new Thread(this::run, "fieldnode-delivery");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        Batch pending = null;
        long interval = pacing.reportInterval().toNanos();
        // With a report interval: when the readings waiting may go. At once for the first report; after a drain,
        // one interval later (or at once, if the next reading comes later than that).
        long sendAt = System.nanoTime();
        boolean holding = false;
        try {
            long startDelay = pacing.startDelay().toMillis();
            if (startDelay > 0) {
                long wait = ThreadLocalRandom.current().nextLong(startDelay + 1);
                Logger.info("First report in {} s (random start delay, up to {} s)", wait / 1000, startDelay / 1000);
                Thread.sleep(wait);
            }
            while (running) {
                if (pending == null) {
                    if (!queue.awaitReadings(Duration.ofMillis(200))) {
                        continue;
                    }
                    if (interval > 0) {
                        long now = System.nanoTime();
                        if (!holding) {
                            holding = true;
                            sendAt = Math.max(sendAt, now);
                        }
                        if (now - sendAt < 0) {
                            // One wake-up per interval, not a poll: close() interrupts this sleep.
                            Thread.sleep((sendAt - now) / 1_000_000 + 1);
                            continue;
                        }
                    }
                    // A retry resends exactly this batch; the collector drops readings it stored before.
                    Optional<Batch> head = queue.peek(maxBatchReadings);
                    if (head.isEmpty()) {
                        continue;
                    }
                    pending = head.get();
                    int fitting = reporter.fittingReadings(pending);
                    if (fitting < pending.readings().size()) {
                        pending =
                                new Batch(pending.sequence(), pending.readings().subList(0, Math.max(1, fitting)));
                    }
                    count(pending.readings().size(), 0, 0, 0);
                }
                count(0, 0, 0, 1);
                int size = pending.readings().size();
                Instant attempted = Instant.now();
                switch (reporter.report(beforeSend.apply(pending))) {
                    case ReportResult.Acknowledged a -> {
                        queue.acknowledge(pending);
                        pending = null;
                        count(0, size, 0, 0);
                        if (lastAcknowledgedAt == null) {
                            // A lifecycle event: the node is known to reach its collector (fieldnode bench times
                            // start-up up to this line).
                            Logger.info("First batch acknowledged ({} readings)", size);
                        }
                        lastAcknowledgedAt = Instant.now();
                        failures = 0;
                        DeliveryFailure ended = failure;
                        if (ended != null) {
                            Logger.info(
                                    "Collector reachable again after {} s; delivering the backlog ({} queued)",
                                    Duration.between(ended.since(), lastAcknowledgedAt)
                                            .toSeconds(),
                                    queue.size());
                            failure = null;
                        }
                        Logger.debug("Batch {} acknowledged ({} readings)", a.sequence(), size);
                        if (queue.size() > 0) {
                            if (!pacing.drainGap().isZero()) {
                                Thread.sleep(pacing.drainGap().toMillis());
                            }
                        } else if (holding) {
                            // Drained: the next reading to arrive waits the report interval.
                            holding = false;
                            sendAt = System.nanoTime() + interval;
                        }
                    }
                    case ReportResult.Rejected r -> {
                        // Sending it again cannot help; keeping it would block every later reading.
                        Logger.error(
                                "Batch {} ({} readings) refused for good ({}): {}; dropped",
                                r.sequence(),
                                size,
                                r.code(),
                                r.reason());
                        queue.acknowledge(pending);
                        pending = null;
                        count(0, 0, size, 0);
                    }
                    case ReportResult.Conflicted c -> {
                        // Never acknowledged, never dropped (R28): the collector holds other readings under these
                        // numbers. Keep the batch, say so once, be DEGRADED, and back off like any failure.
                        String reason = "the collector refused batch " + c.sequence() + " (" + size
                                + " readings) as a conflict (4.09): it holds other readings under these sequence"
                                + " numbers; the batch stays queued. Check that no other node uses this node's"
                                + " identity";
                        failed(
                                attempted,
                                ReportResult.Cause.CONFLICT,
                                reason,
                                c.reason().isEmpty() ? "" : " (collector: " + c.reason() + ")");
                    }
                    case ReportResult.Unreachable u -> failed(attempted, u.cause(), u.reason(), "");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records a failed attempt (logged once per distinct reason, with {@code detail} appended to that one line) and
     * waits the back-off before the next one.
     */
    private void failed(Instant attempted, ReportResult.Cause cause, String reason, String detail)
            throws InterruptedException {
        DeliveryFailure previous = failure;
        if (previous == null || !reason.equals(previous.reason())) {
            if (cause == ReportResult.Cause.HANDSHAKE_REFUSED) {
                // The node is degraded, and the reason names the likely cause (a key that differs from the
                // collector's); status shows it too (issue 15).
                Logger.warn("Cannot deliver readings: {}{}", reason, detail);
            } else {
                Logger.error("Cannot deliver readings: {}{}", reason, detail);
            }
        } else {
            Logger.debug("Still cannot deliver: {}", reason);
        }
        failure = new DeliveryFailure(previous == null ? attempted : previous.since(), cause, reason);
        failures++;
        Thread.sleep(backoff.delay(failures, ThreadLocalRandom.current()).toMillis());
    }

    private synchronized void count(long newlySent, long newlyAcknowledged, long newlyRejected, long newAttempts) {
        sent += newlySent;
        acknowledged += newlyAcknowledged;
        rejected += newlyRejected;
        attempts += newAttempts;
    }

    /** When the collector last acknowledged a batch; empty before the first. */
    public Optional<Instant> lastAcknowledgedAt() {
        return Optional.ofNullable(lastAcknowledgedAt);
    }

    /** Why delivery is failing now; empty while it works. */
    public Optional<String> currentFailure() {
        return failure().map(DeliveryFailure::reason);
    }

    /** Since when and why delivery is failing now; empty while it works. */
    public Optional<DeliveryFailure> failure() {
        return Optional.ofNullable(failure);
    }

    public synchronized DeliveryStats stats() {
        return new DeliveryStats(sent, acknowledged, rejected, attempts);
    }

    /**
     * Waits until the queue is empty (everything acknowledged or refused) or {@code timeout} passes.
     *
     * @return true when the queue drained
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queue.size() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Stops after the exchange in flight, if any. Does not close the reporter or the queue. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
