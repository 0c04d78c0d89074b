// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.benchmarks.collector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldnode.benchmarks.BenchContext;
import org.fieldnode.benchmarks.BenchPart;
import org.fieldnode.benchmarks.Figure;
import org.fieldnode.benchmarks.Target;
import org.fieldnode.benchmarks.floor.BareServer;
import org.fieldnode.collector.StoreException;
import org.fieldnode.collector.postgresql.PostgresLocation;
import org.fieldnode.collector.postgresql.PostgresReadingStore;
import org.fieldnode.collector.sqlite.SqliteReadingStore;

/**
 * Collector throughput and scale against the bare server. For each node count N (1, 100, 1,000; and 10,000 without
 * {@code --quick}), two rounds with the same load and the same JVM flags (the bench's, with a bounded heap
 * {@value #SERVER_HEAP}): the real collector ({@code fieldnode collector serve}, its own JVM, a fresh SQLite file
 * with {@code synchronous=FULL}) and then the {@link BareServer} (its own JVM, the collector's Californium settings,
 * answers 2.04 and stores nothing). The load is a {@link LoadDriver} in a third JVM: N DTLS PSK nodes, each POSTing
 * a SenML-CBOR batch of {@value #READINGS} readings as soon as its last one was answered.
 *
 * <p>Per N the figures are: {@code collector_req_s_N} (2.04s per second in the measured window; floor = the bare
 * server's; target ≥ 0.8× from 100 nodes on), for one node {@code collector_latency_1} (milliseconds per request;
 * target: the bare server's plus one disk sync measured in the same directory), {@code collector_readings_s_N}, {@code collector_rss_N} (VmRSS of the server process at
 * the end of the window; floor = the bare server's) and {@code collector_heap_N} (Java heap in use after a full GC,
 * all sessions open, by {@code jcmd}; ≤ 512 MiB at 10,000 nodes). After each collector round the store is opened
 * and its readings are compared with the readings the nodes had acknowledged; the note says both.
 *
 * <p>With {@value #POSTGRES} set, a third round per N runs the collector on that PostgreSQL database ({@code
 * collector_pg_req_s_N}, floor the same bare server's; no target: it is there to be read beside SQLite's).
 */
public final class CollectorScalePart implements BenchPart {
    static final int READINGS = 4;
    static final String SERVER_HEAP = "-Xmx512m";
    static final double HEAP_BUDGET_MIB = 512;

    private static final Pattern COLLECTOR_LISTENING = Pattern.compile("collector: coaps=127\\.0\\.0\\.1:(\\d+) .*");
    private static final Pattern BARE_LISTENING = Pattern.compile("bare: coaps=127\\.0\\.0\\.1:(\\d+) .*");
    private static final Pattern WINDOW =
            Pattern.compile("load: window acks=(\\d+) readings=(\\d+) errors=(\\d+) seconds=([0-9.]+)");
    private static final Pattern DONE = Pattern.compile(
            "load: done sent=(\\d+) acks=(\\d+) readings=(\\d+) errors=(\\d+) in_flight=(\\d+) failures=(.*)");
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    /** How one round goes: nodes, the ramp of their first reports, warm-up and measured window. */
    record Plan(int nodes, Duration ramp, Duration warmup, Duration measure) {}

    /** The server of a round. */
    private enum Server {
        SQLITE("collector"),
        POSTGRESQL("collector-postgresql"),
        BARE("bare");

        final String id;

        Server(String id) {
            this.id = id;
        }
    }

    /** The PostgreSQL database of the side-by-side round (a store URL); the bench adds to it and removes nothing. */
    static final String POSTGRES = "FIELDNODE_BENCH_POSTGRES";

    /** Its credentials file ({@code user=} and {@code password=} lines, mode 0600). */
    static final String POSTGRES_CREDENTIALS = "FIELDNODE_BENCH_POSTGRES_CREDENTIALS";

    /** What one round measured. */
    record Round(
            double requestsPerSecond,
            double readingsPerSecond,
            long windowErrors,
            double rssMib,
            double heapMib,
            long acknowledgedReadings,
            long errors,
            String failures,
            long storedReadings) {
        Round withStored(long stored) {
            return new Round(
                    requestsPerSecond,
                    readingsPerSecond,
                    windowErrors,
                    rssMib,
                    heapMib,
                    acknowledgedReadings,
                    errors,
                    failures,
                    stored);
        }
    }

    private final List<Plan> fixedPlans;

    /** The bench's plans: 1, 100, 1,000 nodes, and 10,000 without {@code --quick}. */
    public CollectorScalePart() {
        this.fixedPlans = List.of();
    }

    /** With these rounds instead (tests: tiny and short). */
    CollectorScalePart(List<Plan> plans) {
        this.fixedPlans = List.copyOf(plans);
    }

    @Override
    public String id() {
        return "collector";
    }

    @Override
    public String name() {
        return "collector throughput and scale";
    }

    List<Plan> plans(boolean quick) {
        if (!fixedPlans.isEmpty()) {
            return fixedPlans;
        }
        Duration warmup = Duration.ofSeconds(quick ? 3 : 8);
        Duration measure = Duration.ofSeconds(quick ? 6 : 20);
        List<Plan> plans = new ArrayList<>(List.of(
                new Plan(1, Duration.ZERO, warmup, measure),
                new Plan(100, Duration.ofMillis(500), warmup, measure),
                new Plan(1_000, Duration.ofSeconds(2), warmup, measure)));
        if (!quick) {
            plans.add(new Plan(10_000, Duration.ofSeconds(20), Duration.ofSeconds(20), measure));
        }
        return plans;
    }

    @Override
    public List<Figure> measure(BenchContext context) throws Exception {
        List<Plan> plans = plans(context.quick());
        int most = plans.stream().mapToInt(Plan::nodes).max().orElseThrow();
        Path keys = context.workDir().resolve("collector-scale").resolve("psk-directory");
        KeysFile.write(keys, most);
        double syncMillis = DiskSync.medianMillis(keys.getParent());
        // Tests give their own plans and never write to a PostgreSQL database a developer may have configured.
        Optional<PostgresLocation> postgres = fixedPlans.isEmpty() ? postgres(context) : Optional.empty();
        List<Figure> figures = new ArrayList<>();
        for (Plan plan : plans) {
            Round collector = round(context, plan, keys, Server.SQLITE);
            Round bare = round(context, plan, keys, Server.BARE);
            figures.addAll(figures(plan, collector, bare, syncMillis));
            if (postgres.isPresent()) {
                Round onPostgres = postgresRound(context, plan, postgres.get());
                figures.add(Figure.withFloor(
                                "collector_pg_req_s_" + plan.nodes(),
                                "collector on PostgreSQL requests/s, " + plan.nodes() + " DTLS nodes",
                                "req/s",
                                onPostgres.requestsPerSecond(),
                                bare.requestsPerSecond(),
                                Target.none())
                        .withNote(storedNote(onPostgres) + "; " + postgres.get().url()
                                + " with the server's own settings"));
            }
        }
        return figures;
    }

    /**
     * The PostgreSQL server of the side-by-side round, from {@value #POSTGRES} and {@value #POSTGRES_CREDENTIALS}
     * (as the tests' {@code FIELDNODE_TEST_POSTGRES}); without them the round is left out, saying so.
     */
    private static Optional<PostgresLocation> postgres(BenchContext context) {
        String url = System.getenv(POSTGRES);
        if (url == null || url.isBlank()) {
            context.step(
                    "collector scale: no PostgreSQL round (set %s=postgresql://HOST/DB and %s=FILE to add one)",
                    POSTGRES, POSTGRES_CREDENTIALS);
            return Optional.empty();
        }
        return Optional.of(PostgresLocation.of(
                url, Optional.ofNullable(System.getenv(POSTGRES_CREDENTIALS)).map(Path::of), System.getenv()));
    }

    /**
     * The collector on PostgreSQL under the same load. The database keeps what earlier rounds stored, so this round's
     * nodes have identities of their own ({@code pgSECONDS-00000} on), and stored is what the round added.
     */
    private Round postgresRound(BenchContext context, Plan plan, PostgresLocation location) throws Exception {
        Path keys = context.workDir()
                .resolve("collector-scale")
                .resolve("postgresql-" + plan.nodes())
                .resolve("keys");
        KeysFile.write(keys, plan.nodes(), "pg" + System.currentTimeMillis() / 1000);
        long before;
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            before = store.count();
        }
        Round round = round(context, plan, keys, Server.POSTGRESQL);
        try (PostgresReadingStore store = PostgresReadingStore.open(location)) {
            return round.withStored(store.count() - before);
        }
    }

    /**
     * The figures of one node count. The request-rate target (≥ 0.8× the bare server) is on many nodes, where group
     * commit shares a sync among the batches waiting; one node has nothing to share a sync with, so its target is
     * on latency instead: at most the bare server's plus one disk sync ({@code syncMillis}, measured in this run).
     */
    static List<Figure> figures(Plan plan, Round collector, Round bare, double syncMillis) {
        int n = plan.nodes();
        String stored = storedNote(collector);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.withFloor(
                        "collector_req_s_" + n,
                        "collector requests/s, " + n + " DTLS nodes",
                        "req/s",
                        collector.requestsPerSecond(),
                        bare.requestsPerSecond(),
                        n == 1 ? Target.none() : Target.ratioAtLeast(0.8))
                .withNote(stored));
        if (n == 1) {
            double bareMillis = 1000 / bare.requestsPerSecond();
            figures.add(Figure.withFloor(
                            "collector_latency_1",
                            "collector latency, 1 node (closed loop)",
                            "ms",
                            1000 / collector.requestsPerSecond(),
                            bareMillis,
                            Target.atMost(bareMillis + syncMillis))
                    .withNote(String.format(
                            Locale.ROOT,
                            "target: the bare server's + one disk sync (%.3f ms here: a 4 KiB page written and"
                                    + " forced, median of %d)",
                            syncMillis,
                            DiskSync.SYNCS)));
        }
        figures.addAll(List.of(
                Figure.alone(
                        "collector_readings_s_" + n,
                        "collector readings/s stored, " + n + " nodes",
                        "readings/s",
                        collector.readingsPerSecond(),
                        Target.none()),
                Figure.withFloor(
                                "collector_rss_" + n,
                                "collector RSS, " + n + " nodes",
                                "MiB",
                                collector.rssMib(),
                                bare.rssMib(),
                                Target.none())
                        .withNote(SERVER_HEAP + ", VmRSS at the end of the window"),
                Figure.withFloor(
                                "collector_heap_" + n,
                                "collector heap after GC, " + n + " sessions",
                                "MiB",
                                collector.heapMib(),
                                bare.heapMib(),
                                n >= 10_000 ? Target.atMost(HEAP_BUDGET_MIB) : Target.none())
                        .withNote("jcmd GC.run + GC.heap_info, sessions open")));
        return figures;
    }

    private static String storedNote(Round round) {
        return "stored=%d acknowledged=%d readings%s"
                .formatted(
                        round.storedReadings(),
                        round.acknowledgedReadings(),
                        round.errors() == 0 ? "" : ", " + round.errors() + " failed reports " + round.failures());
    }

    private Round round(BenchContext context, Plan plan, Path keys, Server kind) throws Exception {
        boolean realCollector = kind != Server.BARE;
        Path dir = context.workDir().resolve("collector-scale").resolve(kind.id + "-" + plan.nodes());
        Files.createDirectories(dir);
        List<String> server;
        if (realCollector) {
            Files.copy(keys, dir.resolve("psk-directory"));
            List<String> serve = new ArrayList<>(
                    List.of("collector", "serve", "--data-dir", dir.toString(), "--bind", "127.0.0.1:0"));
            if (kind == Server.POSTGRESQL) {
                serve.addAll(List.of("--store", System.getenv(POSTGRES)));
                if (System.getenv(POSTGRES_CREDENTIALS) != null) {
                    serve.addAll(List.of("--store-credentials", System.getenv(POSTGRES_CREDENTIALS)));
                }
            }
            server = command(context, "org.fieldnode.runtime.cli.Main", serve, SERVER_HEAP);
        } else {
            server = command(
                    context,
                    BareServer.class.getName(),
                    List.of("--psk-file", keys.toString(), "--bind", "127.0.0.1:0"),
                    SERVER_HEAP);
        }
        context.step("collector scale: %s, %d node(s)", kind.id, plan.nodes());
        Round round;
        try (ChildProcess serving = ChildProcess.start(kind.id, server, dir.resolve(kind.id + ".log"))) {
            Matcher listening = serving.await(realCollector ? COLLECTOR_LISTENING : BARE_LISTENING, START_LIMIT);
            List<String> load = command(
                    context,
                    LoadDriver.class.getName(),
                    List.of(
                            "--target",
                            "127.0.0.1:" + listening.group(1),
                            "--keys",
                            keys.toString(),
                            "--nodes",
                            Integer.toString(plan.nodes()),
                            "--readings",
                            Integer.toString(READINGS),
                            "--ramp",
                            plan.ramp().toString(),
                            "--warmup",
                            plan.warmup().toString(),
                            "--measure",
                            plan.measure().toString()),
                    plan.nodes() > 2_000 ? "-Xmx3g" : "-Xmx768m");
            try (ChildProcess driver = ChildProcess.start("load", load, dir.resolve("load.log"))) {
                Duration limit =
                        plan.ramp().plus(plan.warmup()).plus(plan.measure()).plus(START_LIMIT);
                Matcher window = driver.await(WINDOW, limit);
                double rss = ProcessProbe.residentMib(serving.pid());
                double heap = ProcessProbe.heapAfterGcMib(serving.pid());
                driver.tell("stop");
                Matcher done = driver.await(DONE, Duration.ofSeconds(90));
                driver.stop(Duration.ofSeconds(10));
                serving.stop(Duration.ofSeconds(30));
                double seconds = Double.parseDouble(window.group(4));
                round = new Round(
                        Long.parseLong(window.group(1)) / seconds,
                        Long.parseLong(window.group(2)) / seconds,
                        Long.parseLong(window.group(3)),
                        rss,
                        heap,
                        Long.parseLong(done.group(3)),
                        Long.parseLong(done.group(4)),
                        done.group(6),
                        kind == Server.SQLITE ? stored(dir) : -1);
            }
        }
        context.step(
                "collector scale: %s, %d node(s): %s req/s, RSS %s MiB, heap %s MiB, acknowledged %d readings%s",
                kind.id,
                plan.nodes(),
                String.format(Locale.ROOT, "%.0f", round.requestsPerSecond()),
                String.format(Locale.ROOT, "%.0f", round.rssMib()),
                String.format(Locale.ROOT, "%.1f", round.heapMib()),
                round.acknowledgedReadings(),
                kind == Server.SQLITE ? ", stored " + round.storedReadings() : "");
        return round;
    }

    private static long stored(Path dir) throws StoreException {
        try (SqliteReadingStore store = SqliteReadingStore.openReadOnly(dir.resolve(SqliteReadingStore.FILE_NAME))) {
            return store.count();
        }
    }

    /** A child JVM with the bench's flags and then {@code heap} (the last -Xmx wins). */
    private static List<String> command(BenchContext context, String main, List<String> args, String heap) {
        List<String> command = new ArrayList<>(context.javaCommand(main, args));
        command.add(1 + context.jvmFlags().size(), heap);
        return command;
    }
}
