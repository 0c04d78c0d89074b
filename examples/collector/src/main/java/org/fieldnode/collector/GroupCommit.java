// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.fieldnode.collector.ReadingIngest.GroupOutcome;
import org.fieldnode.collector.ReadingIngest.IncomingBatch;
import org.tinylog.Logger;

/**
 * Group commit: the batches that arrive while a commit is under way wait in a bounded queue, and the next commit
 * takes all of them (up to {@link #MAX_GROUP}) in one transaction with one sync ({@link ReadingIngest#storeGroup}).
 * A node's acknowledgement still means "durably stored": each batch's {@code done} is told only after the commit
 * that holds it returned. Under light load a group is one batch and costs what {@link ReadingIngest#storeNew} did;
 * under heavy load the cost of the sync is shared by every batch waiting, so the rate of batches grows with the
 * number of nodes instead of being capped at one per sync.
 *
 * <p>One thread ({@code collector-commit}) commits and tells the batches' callbacks, in arrival order; keep them
 * short (the CoAP layer hands the response to its own threads). {@link #offer} never blocks: when the queue is
 * full, or the committer is closed, it refuses and the caller answers "overloaded, try again" (5.03 with Max-Age,
 * RFC 7252 §5.9.3.4). {@link #close()} takes no new batch and commits every batch already queued before it
 * returns (a graceful stop loses nothing that was accepted).
 */
final class GroupCommit implements AutoCloseable {
    /** Batches in one transaction at most: bounds how long one commit holds the store. */
    static final int MAX_GROUP = 512;

    /**
     * Batches waiting at most by default: one per node for {@code ServerConfiguration.MAX_NODES} nodes, since a
     * node sends one request at a time (NSTART 1, RFC 7252 §4.7).
     */
    static final int DEFAULT_CAPACITY = ServerConfiguration.MAX_NODES;

    private static final long POLL_MILLIS = 200;

    private record Pending(IncomingBatch batch, Consumer<GroupOutcome> done) {}

    private final ReadingIngest store;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closing;

    GroupCommit(ReadingIngest store, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("group commit queue capacity must be at least 1, got " + capacity);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "collector-commit");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues {@code batch}; {@code done} is told its outcome once it was committed (or failed), on the committing
     * thread.
     *
     * @return false, and {@code done} is never told, when the queue is full or the committer is closing
     */
    boolean offer(IncomingBatch batch, Consumer<GroupOutcome> done) {
        if (closing) {
            return false;
        }
        return queue.offer(new Pending(batch, done));
    }

    /** Transactions committed (or attempted) so far. */
    long commits() {
        return commits.get();
    }

    /** Batches handed to those transactions so far. */
    long batches() {
        return batches.get();
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
                group.clear();
            } catch (InterruptedException e) {
                // close() does not interrupt; someone else did: drain what is queued, then stop
                closing = true;
            }
        }
    }

    private void commit(List<Pending> group) {
        List<IncomingBatch> incoming = new ArrayList<>(group.size());
        for (Pending p : group) {
            incoming.add(p.batch());
        }
        List<GroupOutcome> outcomes;
        try {
            outcomes = store.storeGroup(incoming);
        } catch (RuntimeException e) {
            Logger.error(e, "Collector store failed on a group of {} batch(es); none stored", group.size());
            outcomes = GroupOutcome.failedAll(
                    group.size(),
                    new StoreException("store failed: " + e.getClass().getSimpleName(), e));
        }
        commits.incrementAndGet();
        batches.addAndGet(group.size());
        Logger.debug("Committed a group of {} batch(es)", group.size());
        for (int i = 0; i < group.size(); i++) {
            try {
                group.get(i).done().accept(outcomes.get(i));
            } catch (RuntimeException e) {
                Logger.warn(
                        e, "Answering batch of {} failed", group.get(i).batch().device());
            }
        }
    }

    /** Takes no new batch, commits and answers every batch queued, then stops the thread. Idempotent. */
    @Override
    public void close() {
        closing = true;
        try {
            if (thread.isAlive()) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (commits.get() > 0) {
            Logger.info(
                    "Group commit: {} batch(es) in {} transaction(s), {} per transaction on average",
                    batches.get(),
                    commits.get(),
                    String.format(java.util.Locale.ROOT, "%.1f", (double) batches.get() / commits.get()));
        }
        // An offer that raced with close() may have come in after the last commit: it was never stored.
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.done().accept(new GroupOutcome.Failed(new StoreException("collector stopped")));
        }
    }
}
