// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.fieldnode.collector.CollectorServer;
import org.fieldnode.collector.InMemoryPskDirectory;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.loadtest.SimulatedNode.Outcome;
import org.fieldnode.collector.sqlite.SqliteReadingStore;
import org.fieldnode.runtime.config.Durations;
import org.fieldnode.security.psk.PskCredential;
import org.tinylog.Logger;

/**
 * {@code fieldnode collector loadtest}: a collector and {@code N} simulated nodes in this JVM, on loopback only.
 *
 * <p>The collector is the real one ({@link CollectorServer} over a {@link SqliteReadingStore} with {@code
 * synchronous=FULL}, the desired configuration exchange on). Each node has its own UDP port, DTLS 1.2 PSK session
 * (its own identity and key, made up in memory) and CoAP endpoint, and reports a SenML CBOR batch as a fieldnode
 * node does, one confirmable POST at a time. The nodes share threads: one selector thread receives for all of
 * them ({@link DatagramPump}), two threads run their DTLS, two their CoAP, one schedules reports; so 1,000 nodes
 * cost a few threads, not thousands.
 *
 * <p>Reports are spread evenly: node {@code i} starts at {@code i/rate} seconds and then reports every {@code
 * nodes/rate} seconds, so the collector sees {@code rate} reports per second and the handshakes ramp up over the
 * first interval instead of arriving at once (as after a village's power cut, SECURITY R38). After the duration no
 * new report starts; those in flight get up to {@link #DRAIN} to finish. A report that gets no 2.04 in
 * {@link #REPORT_DEADLINE} is an error.
 */
public final class LoadTest {
    /** The most nodes: the collector's session table ({@code ServerConfiguration.MAX_NODES}). */
    public static final int MAX_NODES = 10_000;

    public static final Duration MAX_DURATION = Duration.ofHours(1);
    static final Duration REPORT_DEADLINE = Duration.ofSeconds(30);
    static final Duration DRAIN = Duration.ofSeconds(40);

    /**
     * What to run.
     *
     * @param nodes simulated nodes, 1..{@value #MAX_NODES}
     * @param duration how long reports are started, up to {@link #MAX_DURATION}
     * @param rate reports per second over all nodes, 0.1..5000
     * @param readingsPerReport readings in each SenML batch, 1..64
     * @param dataDir where the collector keeps its file; empty for a temporary directory, deleted afterwards
     * @param progressEvery how often a progress line is printed
     */
    public record Settings(
            int nodes,
            Duration duration,
            double rate,
            int readingsPerReport,
            Optional<Path> dataDir,
            Duration progressEvery) {
        public Settings {
            if (nodes < 1 || nodes > MAX_NODES) {
                throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", got " + nodes);
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(
                        "--duration must be more than 0 and at most 1h, got " + Durations.format(duration));
            }
            if (!(rate >= 0.1 && rate <= 5_000)) {
                throw new IllegalArgumentException("--rate must be 0.1..5000 reports per second, got " + rate);
            }
            if (readingsPerReport < 1 || readingsPerReport > 64) {
                throw new IllegalArgumentException("--readings must be 1..64, got " + readingsPerReport);
            }
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(progressEvery, "progressEvery");
        }
    }

    /**
     * What happened.
     *
     * @param handshakes DTLS handshakes the collector completed
     * @param sent reports started
     * @param reports reports the collector acknowledged (2.04)
     * @param stored reports found in the store afterwards (its new readings / readings per report)
     * @param errors reports that failed (no answer, an error code, a failed handshake, a send error)
     * @param p99Millis the 99th percentile of the time from POST to 2.04, handshakes included (each node's first
     *     report waits for its handshake)
     * @param p50Millis the median of the same
     * @param rssMib the process's resident memory at the end, before anything is stopped ({@code VmRSS})
     * @param heapPerNodeKib heap in use after a GC at the end, less before the collector started, per node
     *     (collector and simulated node together)
     * @param collectorHeapPerNodeKib the same once the simulated nodes are closed: what the collector holds per node
     *     (its DTLS session and CoAP peer state), its fixed costs spread over the nodes
     */
    public record Result(
            int nodes,
            long handshakes,
            long sent,
            long reports,
            long stored,
            long errors,
            double p99Millis,
            double p50Millis,
            long rssMib,
            long heapPerNodeKib,
            long collectorHeapPerNodeKib) {
        /** The summary line for scripts. */
        public String line() {
            return "loadtest: nodes=%d handshakes=%d reports=%d stored=%d errors=%d p99_ms=%.1f rss_mb=%d p50_ms=%.1f"
                            .formatted(nodes, handshakes, reports, stored, errors, p99Millis, rssMib, p50Millis)
                    + " sent=" + sent + " heap_per_node_kib=" + heapPerNodeKib + " collector_heap_per_node_kib="
                    + collectorHeapPerNodeKib;
        }

        public boolean passed() {
            return errors == 0 && stored == reports;
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sendDrops = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private final ConcurrentHashMap<String, AtomicLong> failureReasons = new ConcurrentHashMap<>();

    private LoadTest(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the load test; {@code progress} gets a line now and then.
     *
     * @throws StoreException when the collector's store cannot be opened
     * @throws IOException when sockets or the temporary directory cannot be made
     */
    public static Result run(Settings settings, Consumer<String> progress)
            throws IOException, StoreException, InterruptedException {
        return new LoadTest(settings, progress).run();
    }

    private Result run() throws IOException, StoreException, InterruptedException {
        Path dir = settings.dataDir().isPresent()
                ? Files.createDirectories(settings.dataDir().get())
                : Files.createTempDirectory("fieldnode-loadtest");
        try {
            return runIn(dir);
        } finally {
            if (settings.dataDir().isEmpty()) {
                deleteTree(dir);
            }
        }
    }

    private Result runIn(Path dir) throws IOException, StoreException, InterruptedException {
        List<PskCredential> keys = credentials(settings.nodes());
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        keys.forEach(directory::add);
        long heapBefore = usedHeapAfterGc();
        SqliteReadingStore store = SqliteReadingStore.open(dir.resolve(SqliteReadingStore.FILE_NAME));
        long readingsBefore = store.count();
        CollectorServer collector = CollectorServer.builder()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .pskDirectory(directory)
                .store(store)
                .desiredConfigs(store.desiredConfigs())
                .build();
        ScheduledExecutorService dtls = shared(2, "loadtest-dtls");
        ScheduledExecutorService coap = shared(2, "loadtest-coap");
        ScheduledExecutorService coapSecondary = shared(1, "loadtest-coap2");
        ScheduledExecutorService ticker = shared(1, "loadtest-ticker");
        List<SimulatedNode> nodes = new ArrayList<>(settings.nodes());
        try (DatagramPump pump = new DatagramPump()) {
            collector.start();
            Configuration config = clientConfiguration();
            for (PskCredential key : keys) {
                nodes.add(new SimulatedNode(
                        key,
                        config,
                        collector.address(),
                        settings.readingsPerReport(),
                        pump,
                        dtls,
                        coap,
                        coapSecondary,
                        sendDrops));
            }
            progress.accept("loadtest: starting nodes=" + settings.nodes() + " rate=" + settings.rate() + "/s interval="
                    + interval().toMillis() + "ms collector="
                    + collector.address().getPort());
            drive(nodes, ticker, collector, store, readingsBefore);

            long stored = (store.count() - readingsBefore) / settings.readingsPerReport();
            long rss = ProcessMemory.residentMib();
            long heapPerNode = Math.max(0, usedHeapAfterGc() - heapBefore) / 1024 / settings.nodes();
            nodes.forEach(SimulatedNode::close);
            nodes.clear();
            long collectorHeapPerNode = Math.max(0, usedHeapAfterGc() - heapBefore) / 1024 / settings.nodes();
            if (!failureReasons.isEmpty() || sendDrops.get() > 0) {
                progress.accept("loadtest: failures " + failureReasons + " send_drops=" + sendDrops.get());
            }
            return new Result(
                    settings.nodes(),
                    collector.handshakes().completed(),
                    sent.get(),
                    acknowledged.get(),
                    stored,
                    errors.get(),
                    latencies.percentileMillis(99),
                    latencies.percentileMillis(50),
                    rss,
                    heapPerNode,
                    collectorHeapPerNode);
        } finally {
            ticker.shutdownNow();
            nodes.forEach(SimulatedNode::close);
            collector.close();
            store.close();
            dtls.shutdownNow();
            coap.shutdownNow();
            coapSecondary.shutdownNow();
        }
    }

    private Duration interval() {
        return Duration.ofNanos((long) (settings.nodes() * 1e9 / settings.rate()));
    }

    private void drive(
            List<SimulatedNode> nodes,
            ScheduledExecutorService ticker,
            CollectorServer collector,
            SqliteReadingStore store,
            long readingsBefore)
            throws InterruptedException, StoreException {
        long start = System.nanoTime();
        long end = start + settings.duration().toNanos();
        long interval = interval().toNanos();
        for (int i = 0; i < nodes.size(); i++) {
            long first = start + i * interval / nodes.size();
            schedule(ticker, nodes.get(i), first, interval, end);
        }
        long every = settings.progressEvery().toNanos();
        long nextProgress = start + every;
        long drainUntil = end + DRAIN.toNanos();
        while (true) {
            long now = System.nanoTime();
            boolean running = now < end;
            if (!running && (inFlight.get() == 0 || now >= drainUntil)) {
                break;
            }
            if (now >= nextProgress) {
                long stored = (store.count() - readingsBefore) / settings.readingsPerReport();
                progress.accept("loadtest: t=%ds handshakes=%d reports=%d stored=%d errors=%d in_flight=%d"
                        .formatted(
                                Duration.ofNanos(now - start).toSeconds(),
                                collector.handshakes().completed(),
                                acknowledged.get(),
                                stored,
                                errors.get(),
                                inFlight.get()));
                nextProgress += every;
            }
            Thread.sleep(50);
        }
        if (inFlight.get() > 0) {
            errors.addAndGet(inFlight.get());
            failureReasons
                    .computeIfAbsent("still in flight after the drain", k -> new AtomicLong())
                    .addAndGet(inFlight.get());
        }
    }

    private void schedule(ScheduledExecutorService ticker, SimulatedNode node, long at, long interval, long end) {
        if (at >= end || ticker.isShutdown()) {
            return;
        }
        ticker.schedule(() -> fire(ticker, node, at, interval, end), at - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void fire(ScheduledExecutorService ticker, SimulatedNode node, long planned, long interval, long end) {
        AtomicBoolean finished = new AtomicBoolean();
        inFlight.incrementAndGet();
        sent.incrementAndGet();
        Consumer<Outcome> done = outcome -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            switch (outcome) {
                case Outcome.Acknowledged ok -> {
                    acknowledged.incrementAndGet();
                    latencies.add(ok.nanos());
                }
                case Outcome.Failed failed -> {
                    errors.incrementAndGet();
                    failureReasons
                            .computeIfAbsent(failed.reason(), k -> new AtomicLong())
                            .incrementAndGet();
                    Logger.debug("{}: report failed: {}", node, failed.reason());
                }
            }
            inFlight.decrementAndGet();
            // Fixed rate: the next report is due one interval after this one was due, or now when late.
            schedule(ticker, node, Math.max(planned + interval, System.nanoTime()), interval, end);
        };
        Request request;
        try {
            request = node.report(done);
        } catch (RuntimeException e) {
            done.accept(new Outcome.Failed("cannot send: " + e.getClass().getSimpleName()));
            return;
        }
        ticker.schedule(
                () -> {
                    if (!finished.get()) {
                        request.cancel();
                        done.accept(new Outcome.Failed("no 2.04 within " + REPORT_DEADLINE.toSeconds() + " s"));
                    }
                },
                REPORT_DEADLINE.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * The simulated nodes' settings: as a fieldnode node's (ClientConfiguration in the runtime), but with no
     * thread of their own and the smallest tables, since thousands share this JVM.
     */
    static Configuration clientConfiguration() {
        Configuration config = new Configuration(
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, 2);
        config.set(CoapConfig.NSTART, 1);
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, 1);
        config.set(CoapConfig.ACK_TIMEOUT, 3, TimeUnit.SECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, 3);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 0);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 2);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS);
        config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        config.set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, true);
        return config;
    }

    private static List<PskCredential> credentials(int count) {
        SecureRandom random = new SecureRandom();
        List<PskCredential> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] secret = new byte[16];
            random.nextBytes(secret);
            keys.add(new PskCredential("loadtest-%05d".formatted(i), secret));
            Arrays.fill(secret, (byte) 0);
        }
        return keys;
    }

    /**
     * A scheduled pool whose cancelled tasks leave its queue at once: a closed node's timers would otherwise keep
     * it reachable until they were due, and spoil the heap figures.
     */
    private static ScheduledExecutorService shared(int threads, String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, daemon(name));
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    Logger.debug("Load test: cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            Logger.warn("Load test: cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
