// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.californium.core.coap.Request;
import org.fieldnode.collector.loadtest.SimulatedNode.Outcome;
import org.fieldnode.security.psk.PskCredential;

/**
 * Simulated nodes against a collector (or any CoAPS server with {@code /r}) that runs elsewhere, e.g. in its own
 * process: the load of {@code fieldnode bench}'s collector part and of the collector's kill test. The nodes are
 * {@link LoadTest}'s (one UDP port, DTLS PSK session and CoAP endpoint each, shared threads); here each reports
 * <b>closed loop</b>: its next batch as soon as the last one was answered, one request at a time (NSTART 1), so the
 * server's answer rate is the figure.
 *
 * <p>A node's reading sequence advances only with a 2.04: an unanswered or refused batch is sent again with the
 * same sequence, as a fieldnode node does, so the readings a node has had acknowledged are exactly its sequences
 * {@code 0 .. acknowledgedReadings(i) - 1}.
 *
 * <pre>{@code
 * try (NodeSwarm swarm = NodeSwarm.start(keys, collector, 4)) {
 *     swarm.run(Duration.ofSeconds(2)); // ramp up: first reports (handshakes) spread over 2 s
 *     Counts before = swarm.counts();
 *     Thread.sleep(10_000);
 *     Counts after = swarm.counts();
 *     swarm.stop(Duration.ofSeconds(30)); // no new report; wait for those in flight
 * }
 * }</pre>
 */
public final class NodeSwarm implements AutoCloseable {
    /** Pause before a node sends a batch again after a failed report, so that failures do not spin. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    /**
     * Counters at one moment.
     *
     * @param sent reports sent (retries included)
     * @param acknowledged reports answered 2.04
     * @param readings readings in those reports
     * @param errors reports that failed (no answer, an error code, a send error)
     * @param inFlight reports waiting for their answer
     */
    public record Counts(long sent, long acknowledged, long readings, long errors, int inFlight) {
        /** The difference from {@code earlier} (in-flight as now). */
        public Counts since(Counts earlier) {
            return new Counts(
                    sent - earlier.sent,
                    acknowledged - earlier.acknowledged,
                    readings - earlier.readings,
                    errors - earlier.errors,
                    inFlight);
        }
    }

    private final List<SimulatedNode> nodes;
    private final int readingsPerReport;
    private final DatagramPump pump;
    private final List<ScheduledExecutorService> pools;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sendDrops = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Request, Boolean> pending = new ConcurrentHashMap<>();

    private NodeSwarm(
            List<SimulatedNode> nodes,
            int readingsPerReport,
            DatagramPump pump,
            List<ScheduledExecutorService> pools,
            ScheduledExecutorService ticker) {
        this.nodes = nodes;
        this.readingsPerReport = readingsPerReport;
        this.pump = pump;
        this.pools = pools;
        this.ticker = ticker;
    }

    /**
     * Makes one simulated node per key (no datagram is sent yet).
     *
     * @param readingsPerReport readings in each SenML batch, 1..64
     * @throws IOException when a node's socket cannot be opened
     */
    public static NodeSwarm start(List<PskCredential> keys, InetSocketAddress collector, int readingsPerReport)
            throws IOException {
        if (keys.isEmpty() || keys.size() > LoadTest.MAX_NODES) {
            throw new IllegalArgumentException("swarm needs 1.." + LoadTest.MAX_NODES + " keys, got " + keys.size());
        }
        if (readingsPerReport < 1 || readingsPerReport > 64) {
            throw new IllegalArgumentException("readings per report must be 1..64, got " + readingsPerReport);
        }
        ScheduledExecutorService dtls = pool(2, "swarm-dtls");
        ScheduledExecutorService coap = pool(2, "swarm-coap");
        ScheduledExecutorService coapSecondary = pool(1, "swarm-coap2");
        ScheduledExecutorService ticker = pool(1, "swarm-ticker");
        List<ScheduledExecutorService> pools = List.of(dtls, coap, coapSecondary, ticker);
        DatagramPump pump = new DatagramPump();
        List<SimulatedNode> nodes = new ArrayList<>(keys.size());
        NodeSwarm swarm = new NodeSwarm(nodes, readingsPerReport, pump, pools, ticker);
        try {
            var config = LoadTest.clientConfiguration();
            for (PskCredential key : keys) {
                nodes.add(new SimulatedNode(
                        key, config, collector, readingsPerReport, pump, dtls, coap, coapSecondary, swarm.sendDrops));
            }
            return swarm;
        } catch (IOException | RuntimeException e) {
            swarm.close();
            throw e;
        }
    }

    /** Starts every node's closed loop, the first reports (and so the handshakes) spread evenly over {@code ramp}. */
    public void run(Duration ramp) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("swarm already running");
        }
        long step = ramp.toNanos() / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            SimulatedNode node = nodes.get(i);
            ticker.schedule(() -> fire(node), i * step, TimeUnit.NANOSECONDS);
        }
    }

    private void fire(SimulatedNode node) {
        if (!running.get()) {
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        RequestHolder holder = new RequestHolder();
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        Consumer<Outcome> done = outcome -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (holder.request != null) {
                pending.remove(holder.request);
            }
            long pause = 0;
            switch (outcome) {
                case Outcome.Acknowledged ok -> acknowledged.incrementAndGet();
                case Outcome.Failed failed -> {
                    errors.incrementAndGet();
                    failures.computeIfAbsent(failed.reason(), k -> new AtomicLong())
                            .incrementAndGet();
                    pause = RETRY_PAUSE.toNanos();
                }
            }
            inFlight.decrementAndGet();
            if (running.get() && !ticker.isShutdown()) {
                ticker.schedule(() -> fire(node), pause, TimeUnit.NANOSECONDS);
            }
        };
        try {
            Request request = node.report(done);
            holder.request = request;
            pending.put(request, Boolean.TRUE);
            if (finished.get()) {
                pending.remove(request);
            }
        } catch (RuntimeException e) {
            done.accept(new Outcome.Failed("cannot send: " + e.getClass().getSimpleName()));
        }
    }

    /** Holds a request for the completion callback, which may run before {@code report} returned. */
    private static final class RequestHolder {
        volatile Request request;
    }

    /** The counters now. */
    public Counts counts() {
        return new Counts(
                sent.get(), acknowledged.get(), acknowledged.get() * readingsPerReport, errors.get(), inFlight.get());
    }

    /** Why reports failed so far, with how many each; sorted. */
    public Map<String, Long> failures() {
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((reason, count) -> sorted.put(reason, count.get()));
        if (sendDrops.get() > 0) {
            sorted.put("datagrams dropped on send", sendDrops.get());
        }
        return sorted;
    }

    /** How many readings node {@code index} (in key order) has had acknowledged: its sequences 0 to this less 1. */
    public long acknowledgedReadings(int index) {
        return nodes.get(index).acknowledgedReadings();
    }

    /**
     * Starts no new report and waits up to {@code drain} for those in flight; any still unanswered then is
     * cancelled (its node never learns whether the batch was stored, as after a lost ACK).
     *
     * @return the counters once stopped
     */
    public Counts stop(Duration drain) throws InterruptedException {
        running.set(false);
        long until = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        pending.keySet().forEach(Request::cancel);
        return counts();
    }

    /** Closes every node and thread; idempotent. */
    @Override
    public void close() {
        running.set(false);
        nodes.forEach(SimulatedNode::close);
        pump.close();
        pools.forEach(ScheduledExecutorService::shutdownNow);
    }

    private static ScheduledExecutorService pool(int threads, String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
