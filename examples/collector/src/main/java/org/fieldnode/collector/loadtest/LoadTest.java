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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import org.fieldnode.protocol.Intervals;
import org.fieldnode.security.psk.PskCredential;
import org.fieldnode.security.retry.Backoff;
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
 *
 * <p><b>A crash</b> ({@link Crash}, issue 20): at a given moment the collector is stopped without keeping its DTLS
 * sessions (what SIGKILL or a power cut leaves) and started again on the same port a while later. The nodes are
 * told nothing; as real nodes they notice the missing answers, retry each batch after the delivery loop's back-off
 * ({@link Backoff#DELIVERY}, 2 s doubling to 5 min, equal jitter) and start a handshake with that retry. The
 * {@link Recovery} says how many handshakes per second the restarted collector saw and how long it took until every
 * node was heard again.
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
     * @param crash when to crash the collector and for how long it stays down; empty for none
     */
    public record Settings(
            int nodes,
            Duration duration,
            double rate,
            int readingsPerReport,
            Optional<Path> dataDir,
            Duration progressEvery,
            Optional<Crash> crash) {
        public Settings {
            if (nodes < 1 || nodes > MAX_NODES) {
                throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", got " + nodes);
            }
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException(
                        "--duration must be more than 0 and at most 1h, got " + Intervals.format(duration));
            }
            if (!(rate >= 0.1 && rate <= 5_000)) {
                throw new IllegalArgumentException("--rate must be 0.1..5000 reports per second, got " + rate);
            }
            if (readingsPerReport < 1 || readingsPerReport > 64) {
                throw new IllegalArgumentException("--readings must be 1..64, got " + readingsPerReport);
            }
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(progressEvery, "progressEvery");
            Objects.requireNonNull(crash, "crash");
            if (crash.isPresent() && crash.get().at().plus(crash.get().down()).compareTo(duration) >= 0) {
                throw new IllegalArgumentException("--crash-at plus --down must end before --duration, got "
                        + Intervals.format(crash.get().at()) + " + "
                        + Intervals.format(crash.get().down()) + " >= "
                        + Intervals.format(duration));
            }
        }

        /** Without a crash. */
        public Settings(
                int nodes,
                Duration duration,
                double rate,
                int readingsPerReport,
                Optional<Path> dataDir,
                Duration progressEvery) {
            this(nodes, duration, rate, readingsPerReport, dataDir, progressEvery, Optional.empty());
        }
    }

    /**
     * The collector crashes at {@code at} (it keeps its store but loses every DTLS session, as after SIGKILL or a
     * power cut) and is started again on the same port after {@code down}.
     */
    public record Crash(Duration at, Duration down) {
        public Crash {
            if (at.isNegative() || at.isZero() || down.isNegative()) {
                throw new IllegalArgumentException("--crash-at must be more than 0 and --down at least 0");
            }
        }
    }

    /**
     * What the restarted collector saw.
     *
     * @param handshakes DTLS handshakes the restarted collector completed
     * @param peakPerSecond the most in one second
     * @param meanPerSecond {@code handshakes} over {@code recoveredSeconds}
     * @param recovered nodes that had a report acknowledged after the restart
     * @param recoveredSeconds from the restart to the last node's first acknowledged report
     */
    public record Recovery(
            Duration down,
            long handshakes,
            long peakPerSecond,
            double meanPerSecond,
            int recovered,
            int nodes,
            long recoveredSeconds) {
        /** The line scripts read. */
        public String line() {
            return "restart: down_s=%d nodes=%d recovered=%d handshakes=%d handshakes_per_s_peak=%d"
                            .formatted(down.toSeconds(), nodes, recovered, handshakes, peakPerSecond)
                    + " handshakes_per_s_mean=%.1f recovered_s=%d".formatted(meanPerSecond, recoveredSeconds);
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
     * @param recovery what the collector saw after its crash, when the settings asked for one
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
            long collectorHeapPerNodeKib,
            Optional<Recovery> recovery) {
        /** The summary line for scripts. */
        public String line() {
            return "loadtest: nodes=%d handshakes=%d reports=%d stored=%d errors=%d p99_ms=%.1f rss_mb=%d p50_ms=%.1f"
                            .formatted(nodes, handshakes, reports, stored, errors, p99Millis, rssMib, p50Millis)
                    + " sent=" + sent + " heap_per_node_kib=" + heapPerNodeKib + " collector_heap_per_node_kib="
                    + collectorHeapPerNodeKib;
        }

        /**
         * Every acknowledged report stored, and: no report failed, or, after a crash (when reports in flight must
         * fail), every node reached the restarted collector.
         */
        public boolean passed() {
            boolean nodesFine = recovery.map(r -> r.recovered() == nodes).orElse(errors == 0);
            return nodesFine && stored == reports;
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
    private final Set<SimulatedNode> recovered = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastRecovery = new AtomicLong();
    private volatile CollectorServer collector;
    private volatile long handshakesBeforeCrash;
    private volatile boolean crashed;
    private volatile long restartedAt; // System.nanoTime() of the restart after a crash, 0 before

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
        collector = collector(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), directory, store);
        ScheduledExecutorService dtls = shared(2, "loadtest-dtls");
        ScheduledExecutorService coap = shared(2, "loadtest-coap");
        ScheduledExecutorService coapSecondary = shared(1, "loadtest-coap2");
        ScheduledExecutorService ticker = shared(1, "loadtest-ticker");
        List<SimulatedNode> nodes = new ArrayList<>(settings.nodes());
        try (DatagramPump pump = new DatagramPump()) {
            collector.start();
            InetSocketAddress address = collector.address();
            Configuration config = clientConfiguration();
            for (PskCredential key : keys) {
                nodes.add(new SimulatedNode(
                        key,
                        config,
                        address,
                        settings.readingsPerReport(),
                        pump,
                        dtls,
                        coap,
                        coapSecondary,
                        sendDrops));
            }
            progress.accept("loadtest: starting nodes=" + settings.nodes() + " rate=" + settings.rate() + "/s interval="
                    + interval().toMillis() + "ms collector="
                    + address.getPort());
            Optional<Recovery> recovery =
                    drive(nodes, ticker, store, readingsBefore, () -> collector(address, directory, store));

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
                    handshakesSoFar(),
                    sent.get(),
                    acknowledged.get(),
                    stored,
                    errors.get(),
                    latencies.percentileMillis(99),
                    latencies.percentileMillis(50),
                    rss,
                    heapPerNode,
                    collectorHeapPerNode,
                    recovery);
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

    /** The collector under test; it keeps no DTLS state across a restart, as after SIGKILL. */
    private static CollectorServer collector(
            InetSocketAddress bind, InMemoryPskDirectory directory, SqliteReadingStore store) {
        return CollectorServer.builder()
                .bind(bind)
                .pskDirectory(directory)
                .store(store)
                .desiredConfigs(store.desiredConfigs())
                .build();
    }

    private Duration interval() {
        return Duration.ofNanos((long) (settings.nodes() * 1e9 / settings.rate()));
    }

    private Optional<Recovery> drive(
            List<SimulatedNode> nodes,
            ScheduledExecutorService ticker,
            SqliteReadingStore store,
            long readingsBefore,
            Supplier<CollectorServer> restart)
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
        long crashAt = settings.crash().map(c -> start + c.at().toNanos()).orElse(Long.MAX_VALUE);
        long restartAt = settings.crash().map(c -> crashAt + c.down().toNanos()).orElse(Long.MAX_VALUE);
        List<Long> handshakesBySecond = new ArrayList<>(); // the restarted collector's count at the end of each second
        while (true) {
            long now = System.nanoTime();
            boolean running = now < end;
            if (!running && (inFlight.get() == 0 || now >= drainUntil)) {
                break;
            }
            if (!crashed && now >= crashAt) {
                crashed = true;
                handshakesBeforeCrash = collector.handshakes().completed();
                collector.close();
                progress.accept("loadtest: t=%ds the collector crashed (its DTLS sessions are lost); down for %ds"
                        .formatted(
                                Duration.ofNanos(now - start).toSeconds(),
                                settings.crash().orElseThrow().down().toSeconds()));
            }
            if (crashed && restartedAt == 0 && now >= restartAt) {
                collector = restart.get();
                collector.start();
                restartedAt = System.nanoTime();
                progress.accept("loadtest: t=%ds the collector runs again on the same port"
                        .formatted(Duration.ofNanos(restartedAt - start).toSeconds()));
            }
            if (restartedAt != 0) {
                int second = (int) ((now - restartedAt) / 1_000_000_000L);
                long count = collector.handshakes().completed();
                while (handshakesBySecond.size() <= second) {
                    handshakesBySecond.add(count);
                }
                handshakesBySecond.set(second, count);
            }
            if (now >= nextProgress) {
                long stored = (store.count() - readingsBefore) / settings.readingsPerReport();
                progress.accept("loadtest: t=%ds handshakes=%d reports=%d stored=%d errors=%d in_flight=%d"
                        .formatted(
                                Duration.ofNanos(now - start).toSeconds(),
                                handshakesSoFar(),
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
        if (restartedAt == 0) {
            return Optional.empty();
        }
        long peak = 0;
        for (int i = 0; i < handshakesBySecond.size(); i++) {
            peak = Math.max(peak, handshakesBySecond.get(i) - (i == 0 ? 0 : handshakesBySecond.get(i - 1)));
        }
        long handshakes = collector.handshakes().completed();
        long recoveredNanos = Math.max(0, lastRecovery.get() - restartedAt);
        double seconds = Math.max(1e-9 * recoveredNanos, 1);
        return Optional.of(new Recovery(
                settings.crash().orElseThrow().down(),
                handshakes,
                peak,
                handshakes / seconds,
                recovered.size(),
                nodes.size(),
                Duration.ofNanos(recoveredNanos).toSeconds()));
    }

    /** Handshakes of the first collector and, once it runs, of the restarted one. */
    private long handshakesSoFar() {
        return crashed && restartedAt == 0
                ? handshakesBeforeCrash
                : handshakesBeforeCrash + collector.handshakes().completed();
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
            long now = System.nanoTime();
            // Fixed rate: the next report is due one interval after this one was due, or now when late.
            long next = Math.max(planned + interval, now);
            switch (outcome) {
                case Outcome.Acknowledged ok -> {
                    acknowledged.incrementAndGet();
                    latencies.add(ok.nanos());
                    if (restartedAt != 0 && recovered.add(node)) {
                        lastRecovery.accumulateAndGet(now, Math::max);
                    }
                }
                case Outcome.Failed failed -> {
                    errors.incrementAndGet();
                    failureReasons
                            .computeIfAbsent(failed.reason(), k -> new AtomicLong())
                            .incrementAndGet();
                    Logger.debug("{}: report failed: {}", node, failed.reason());
                    if (settings.crash().isPresent()) {
                        // As a node's delivery loop: the same batch again after its back-off.
                        next = now
                                + Backoff.DELIVERY
                                        .delay(Math.max(1, node.failures()), ThreadLocalRandom.current())
                                        .toNanos();
                    }
                }
            }
            inFlight.decrementAndGet();
            schedule(ticker, node, next, interval, end);
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
                        node.unanswered();
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
